/**
 * Point-in-time contexts. A PIT freezes the searchable docs of its indices at creation [S37]:
 * later writes and deletes are invisible to searches through it. Expiry is checked lazily.
 */
import {randomBytes} from 'node:crypto'
import type {Mappings} from './mappings.js'
import type {StoredDoc} from './types.js'

export interface Pit {
  id: string
  indexNames: string[]
  /** Mappings as they were; kept so a PIT still resolves fields after its index is deleted. */
  mappings: Map<string, Mappings>
  docs: StoredDoc[]
  creationTime: number
  keepAliveMs: number
  expiresAt: number
}

/** Opaque, URL-safe base64 with padding, like OpenSearch's encoded search context ids. */
export function opaqueId(prefix: string): string {
  return Buffer.concat([Buffer.from(prefix), randomBytes(60)]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

export class PitStore {
  private readonly pits = new Map<string, Pit>()

  create(indices: Array<{name: string; mappings: Mappings; docs: StoredDoc[]}>, keepAliveMs: number, now: number): Pit {
    const pit: Pit = {
      id: opaqueId('pit'),
      indexNames: indices.map((i) => i.name),
      mappings: new Map(indices.map((i) => [i.name, i.mappings])),
      docs: indices.length === 1 ? indices[0]!.docs.slice() : indices.flatMap((i) => i.docs),
      creationTime: now,
      keepAliveMs,
      expiresAt: now + keepAliveMs,
    }
    this.pits.set(pit.id, pit)
    return pit
  }

  /** The live PIT, or undefined if unknown or expired (an expired one is dropped). */
  get(id: string, now: number): Pit | undefined {
    const pit = this.pits.get(id)
    if (pit !== undefined && pit.expiresAt <= now) {
      this.pits.delete(id)
      return undefined
    }
    return pit
  }

  /** Every search extends the PIT by its keep_alive. */
  touch(pit: Pit, keepAliveMs: number | undefined, now: number): void {
    if (keepAliveMs === undefined) return
    pit.keepAliveMs = keepAliveMs
    pit.expiresAt = now + keepAliveMs
  }

  all(now: number): Pit[] {
    for (const id of [...this.pits.keys()]) this.get(id, now)
    return [...this.pits.values()]
  }

  delete(id: string): boolean {
    return this.pits.delete(id)
  }

  get size(): number {
    return this.pits.size
  }
}
