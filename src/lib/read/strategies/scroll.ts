/**
 * Scroll, for managed and self-managed clusters without PIT (AOSS has no scroll, aoss-facts §2).
 *
 * A scroll cannot be asked for the same page twice: once the server answered, its cursor moved on. So a page
 * that comes back short, cut off or after the scroll expired is never re-requested; the slice starts a new
 * scroll in the same total order and skips the hits it already handed out. The same skip continues a slice
 * from a checkpoint. This is exact while the data does not change; the count check at the end catches the rest.
 */
import {setTimeout as sleep} from 'node:timers/promises'

import {targetPath} from '../../connection/paths.js'
import {backoffMs, statusOf} from '../../connection/retry.js'
import {AossError} from '../../errors.js'
import {checkComplete, isPageRetryable, pageFailure, type ReadContext, send, sendSearch, sourceBody, toHits, totalOf} from './context.js'
import type {SearchAnswer} from '../raw-page.js'
import type {OpenedStrategy, RawPage, SliceSource, SliceStart} from './source.js'

const MAX_RESTARTS = 5

class ScrollSlice implements SliceSource {
  scrollId?: string
  total?: number
  private delivered: number
  private toSkip: number
  private seen = 0
  private after?: unknown[]
  private finished: boolean
  private restarts = 0
  private first?: RawPage

  constructor(readonly id: number, private readonly max: number, private readonly ctx: ReadContext, start: SliceStart) {
    this.delivered = start.docs
    this.toSkip = start.docs
    this.after = start.after
    this.finished = start.done
  }

  /** Fetches the first page now: its total is the slice's count on the scroll's snapshot. */
  async prime(): Promise<void> {
    if (!this.finished) this.first = await this.fetch()
  }

  async next(): Promise<RawPage> {
    if (this.first) {
      const page = this.first
      this.first = undefined
      return page
    }

    if (this.finished) return {hits: [], after: this.after, done: true}
    return this.fetch()
  }

  private async fetch(): Promise<RawPage> {
    for (;;) {
      let answer: SearchAnswer
      try {
        answer = await this.request()
        checkComplete(answer)
      } catch (error) {
        await this.restart(error)
        continue
      }

      this.scrollId = answer._scroll_id ?? this.scrollId
      const total = totalOf(answer)
      if (total?.exact && this.total === undefined) this.total = total.value
      const raw = toHits(answer)
      const empty = raw.hits.length === 0
      let hits = raw.hits
      if (this.seen < this.toSkip) {
        const skip = Math.min(this.toSkip - this.seen, hits.length)
        hits = hits.slice(skip)
        this.seen += skip
      }

      this.seen += hits.length
      this.delivered += hits.length
      this.ctx.stats.pages++
      this.ctx.stats.hits += hits.length
      if (hits.length > 0) this.after = raw.after
      this.finished = empty || (this.total !== undefined && this.delivered >= this.total)
      if (hits.length === 0 && !this.finished) continue // a page made only of hits skipped after a restart
      return {hits, after: this.after, done: this.finished}
    }
  }

  private request(): Promise<SearchAnswer> {
    const keepAlive = this.ctx.keepAlive
    if (this.scrollId) {
      return sendSearch(this.ctx, {method: 'POST', path: '/_search/scroll', body: {scroll: keepAlive, scroll_id: this.scrollId}})
    }

    const body = {
      size: this.ctx.batchSize,
      query: this.ctx.query,
      sort: this.ctx.sort,
      track_total_hits: true,
      ...sourceBody(this.ctx),
      ...(this.max > 1 ? {slice: {id: this.id, max: this.max}} : {}),
    }
    return sendSearch(this.ctx, {method: 'POST', path: targetPath(this.ctx.index, '_search'), querystring: {scroll: keepAlive}, body})
  }

  private async restart(error: unknown): Promise<void> {
    // 404 on a running scroll: it expired. Only then, or on a short or cut page, is starting over worth it.
    const restartable = isPageRetryable(error) || (this.scrollId !== undefined && statusOf(error) === 404)
    if (!restartable || this.ctx.signal?.aborted || this.restarts >= MAX_RESTARTS) throw pageFailure(error, this.ctx)
    this.restarts++
    this.ctx.stats.reopened++
    await clearScrolls(this.ctx, [this.scrollId])
    await sleep(backoffMs(this.restarts - 1, this.ctx.pagePolicy))
    this.scrollId = undefined
    this.toSkip = this.delivered
    this.seen = 0
  }
}

export async function openScrollStrategy(ctx: ReadContext, starts: SliceStart[]): Promise<OpenedStrategy> {
  const notes: string[] = []
  let slices = starts.map((start) => new ScrollSlice(start.id, starts.length, ctx, start))
  try {
    await Promise.all(slices.map((slice) => slice.prime()))
  } catch (error) {
    await clearScrolls(ctx, slices.map((s) => s.scrollId))
    const fresh = starts.every((s) => !s.after && s.docs === 0)
    if (!(starts.length > 1 && fresh && error instanceof AossError && error.code === 'BAD_REQUEST' && /slice/i.test(error.message))) throw error
    notes.push(`the server refused a sliced scroll (${error.message}); reading with one slice`)
    slices = [new ScrollSlice(0, 1, ctx, {id: 0, docs: 0, done: false})]
    await slices[0]!.prime()
  }

  const totals = slices.map((s) => s.total)
  const unfinished = starts.filter((s) => !s.done).length
  const expected = totals.every((t) => t !== undefined) && unfinished === starts.length ? totals.reduce((a, b) => a! + b!, 0) : undefined
  return {
    name: 'scroll',
    sources: slices,
    expected,
    notes,
    close: () => clearScrolls(ctx, slices.map((s) => s.scrollId)),
  }
}

async function clearScrolls(ctx: ReadContext, ids: Array<string | undefined>): Promise<void> {
  const live = ids.filter((id): id is string => Boolean(id))
  if (live.length === 0) return
  try {
    await send(ctx, {method: 'DELETE', path: '/_search/scroll', body: {scroll_id: live}}, [404])
  } catch {
    // Best effort: a scroll left behind expires after its keep-alive.
  }
}
