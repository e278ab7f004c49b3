/**
 * Scroll contexts (managed only; AOSS answers 404 [S20][S21]). A scroll keeps the ranked result
 * of its first search and hands out the next `size` hits per call; hits.total stays exact
 * because elasticdump stops when its count reaches it (stack-notes).
 */
import {opaqueId} from './pit.js'
import type {Ranked} from './search/rank.js'

export interface Scroll {
  id: string
  ranked: Ranked
  /** Renders one page; captured from the first request (source filter, highlight, version flags). */
  render: (from: number, scrollId: string) => string
  position: number
  size: number
  keepAliveMs: number
  expiresAt: number
}

export class ScrollStore {
  private readonly scrolls = new Map<string, Scroll>()

  create(fields: Omit<Scroll, 'id' | 'expiresAt'>, now: number): Scroll {
    const scroll: Scroll = {...fields, id: opaqueId('scroll'), expiresAt: now + fields.keepAliveMs}
    this.scrolls.set(scroll.id, scroll)
    return scroll
  }

  get(id: string, now: number): Scroll | undefined {
    const scroll = this.scrolls.get(id)
    if (scroll !== undefined && scroll.expiresAt <= now) {
      this.scrolls.delete(id)
      return undefined
    }
    return scroll
  }

  delete(id: string): boolean {
    return this.scrolls.delete(id)
  }

  clear(): number {
    const n = this.scrolls.size
    this.scrolls.clear()
    return n
  }

  get size(): number {
    return this.scrolls.size
  }
}
