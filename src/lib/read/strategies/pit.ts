/**
 * Point in time + search_after: one frozen snapshot, read in a total order, optionally in N slices
 * (aoss-facts §6). AOSS has PIT; managed clusters from OpenSearch 2.4.
 */
import {targetPath} from '../../connection/paths.js'
import {statusOf} from '../../connection/retry.js'
import {toAossError} from '../../connection/translate.js'
import {AossError, isAossError} from '../../errors.js'
import {SHARD_DOC} from '../sort.js'
import {fetchPage, type ReadContext, send, sourceBody, toHits, totalOf} from './context.js'
import {countDocuments} from './search-after.js'
import type {SearchAnswer} from '../raw-page.js'
import type {OpenedStrategy, RawPage, SliceSource, SliceStart} from './source.js'

/** How many times in a row one page may find its PIT gone before the read gives up. */
const MAX_REOPEN = 3

export class PitUnsupported extends Error {}

/**
 * The PIT all slices share; the id can change with any answer, and the newest one is always used. Exported for
 * readers that join a PIT another process opened (read/shared-pit.ts): they set `id` instead of calling open().
 */
export class PitSession {
  id = ''
  /** Set by close(): pages still in flight must not open a new PIT that nobody would delete. */
  closed = false
  private reopening?: Promise<void>

  constructor(private readonly ctx: ReadContext) {}

  async open(): Promise<void> {
    const path = targetPath(this.ctx.index, '_search', 'point_in_time')
    let response
    try {
      response = await send<{pit_id?: string}>(this.ctx, {method: 'POST', path, querystring: {keep_alive: this.ctx.keepAlive}})
    } catch (error) {
      const status = statusOf(error)
      const body = (error as {meta?: {body?: {error?: {type?: string}}}}).meta?.body
      // Servers without PIT answer "no handler" (400/405) or 404 without an index_not_found error. Any other 400
      // (a keep_alive over the server's limit, say) is the user's to fix, not a reason to read without a snapshot.
      const reason = JSON.stringify(body ?? '')
      const noHandler = /no handler found|unrecognized|not supported/i.test(reason)
      if ((status === 400 && noHandler) || status === 405 || status === 501 || (status === 404 && body?.error?.type !== 'index_not_found_exception')) {
        throw new PitUnsupported(`point in time is not available (${status})`)
      }

      throw toAossError(error, {index: this.ctx.index, action: `opening a point in time on ${this.ctx.index}`})
    }

    if (!response.body.pit_id) throw new PitUnsupported('the server answered without a pit_id')
    this.id = response.body.pit_id
  }

  /**
   * Opens a new PIT after the old one expired, once for all slices that noticed. Continuing from the last
   * sort values under a new PIT is exact when the data did not change in between: every slice resumes strictly
   * after its last written hit in the same total order. Documents written, changed or deleted between the two
   * snapshots may be missed or show their newer state; the count check at the end (taken on the first PIT)
   * then reports the difference instead of hiding it.
   */
  async reopen(staleId: string): Promise<void> {
    if (this.closed) throw new AossError('INCOMPLETE', 'the read was closed')
    if (this.id !== staleId) return
    this.reopening ??= (async () => {
      this.ctx.stats.reopened++
      await this.open()
      // The old one may live on (a 404 from one node, not expiry everywhere): free it rather than wait for it.
      await this.remove(staleId)
    })().finally(() => {
      this.reopening = undefined
    })
    await this.reopening
  }

  pitClause(): {id: string, keep_alive: string} {
    return {id: this.id, keep_alive: this.ctx.keepAlive}
  }

  async close(): Promise<void> {
    this.closed = true
    await this.reopening?.catch(() => {})
    if (this.id) await this.remove(this.id)
  }

  private async remove(id: string): Promise<void> {
    try {
      await send(this.ctx, {method: 'DELETE', path: '/_search/point_in_time', body: {pit_id: [id]}}, [404])
    } catch {
      // Best effort: an undeleted PIT expires on its own after keep_alive.
    }
  }
}

/** One slice of a PIT, read page after page with search_after; reopens the PIT when it expired. */
export class PitSlice implements SliceSource {
  /** Documents matching in this slice on the PIT, from its first page (track_total_hits there, and only there). */
  total?: number
  private after?: unknown[]
  private finished: boolean
  private delivered: number
  private first?: RawPage

  constructor(
    readonly id: number,
    private readonly max: number,
    private readonly ctx: ReadContext,
    private readonly pit: PitSession,
    start: SliceStart,
  ) {
    this.after = start.after
    this.finished = start.done
    this.delivered = start.docs
  }

  /** Fetches the first page now, counting the slice on the way: no separate count request. */
  async prime(): Promise<void> {
    if (!this.finished) this.first = await this.fetch(true)
  }

  async next(): Promise<RawPage> {
    if (this.first) {
      const page = this.first
      this.first = undefined
      return page
    }

    if (this.finished) return {hits: [], after: this.after, done: true}
    return this.fetch(false)
  }

  private async fetch(counting: boolean): Promise<RawPage> {
    for (let reopened = 0; ; reopened++) {
      const usedId = this.pit.id
      const body = {
        size: this.ctx.batchSize,
        query: this.ctx.query,
        sort: this.ctx.sort,
        pit: this.pit.pitClause(),
        track_total_hits: counting,
        ...sourceBody(this.ctx),
        ...(this.after ? {search_after: this.after} : {}),
        ...(this.max > 1 ? {slice: {id: this.id, max: this.max}} : {}),
      }
      let answer: SearchAnswer
      try {
        answer = await fetchPage(this.ctx, {method: 'POST', path: '/_search', body})
      } catch (error) {
        // A 404 from /_search under a PIT can only mean the PIT is gone (expired, or lost on a node restart).
        if (!(isAossError(error) && error.statusCode === 404) || this.ctx.signal?.aborted) throw error
        if (this.ctx.sort.some((clause) => SHARD_DOC in clause)) {
          throw new AossError('INCOMPLETE', 'the point in time expired, and _shard_doc positions do not carry over to a new one', {
            hints: ['Run again with a longer --keep-alive, or with --tiebreaker _id (positions by _id survive a new PIT).'],
          })
        }

        if (reopened >= MAX_REOPEN) throw error
        await this.pit.reopen(usedId)
        continue
      }

      // Take a newer id only from an answer to the current PIT: a late answer to a replaced one must not undo a reopen.
      if (answer.pit_id && usedId === this.pit.id) this.pit.id = answer.pit_id
      if (counting) {
        const total = totalOf(answer)
        if (total?.exact) this.total = total.value
      }

      const {hits, after} = toHits(answer)
      this.ctx.stats.pages++
      this.ctx.stats.hits += hits.length
      this.delivered += hits.length
      if (after) this.after = after
      // Under a PIT a complete page (shards checked) shorter than asked means the slice is exhausted, and so does
      // reaching the slice's count on the snapshot: no empty page needs asking for. After a reopen the snapshot
      // is another one, so only a short page ends the slice, and the count check reports any difference.
      const counted = this.total !== undefined && this.delivered >= this.total && this.ctx.stats.reopened === 0
      this.finished = hits.length < this.ctx.batchSize || counted
      return {hits, after: this.after, done: this.finished}
    }
  }
}

/** Opens the PIT a read will use; started alongside the server probe, so the two round trips overlap. */
export async function openPit(ctx: ReadContext): Promise<PitSession> {
  const pit = new PitSession(ctx)
  await pit.open()
  return pit
}

/**
 * The slices over an open PIT. Each slice's first page is fetched here with `track_total_hits`, so the count
 * (on the same snapshot) comes with data instead of costing a request of its own; the sort goes along, so a bad
 * sort field fails here, at once.
 */
export async function openPitStrategy(ctx: ReadContext, starts: SliceStart[], opened?: PitSession): Promise<OpenedStrategy> {
  const pit = opened ?? (await openPit(ctx))
  const notes: string[] = []
  try {
    let max = starts.length
    let slices = starts.map((start) => new PitSlice(start.id, max, ctx, pit, start))
    try {
      await Promise.all(slices.map((slice) => slice.prime()))
    } catch (error) {
      // Slicing a PIT is documented for AOSS but not everywhere: fall back to one slice rather than fail.
      if (max > 1 && isAossError(error) && error.code === 'BAD_REQUEST' && /slice/i.test(error.message) && starts.every((s) => !s.after)) {
        notes.push(`the server refused --slices ${max} (${error.message}); reading with one slice`)
        max = 1
        slices = [new PitSlice(0, 1, ctx, pit, {id: 0, docs: 0, done: false})]
        await slices[0]!.prime()
      } else {
        throw error
      }
    }

    // Slices a resumed read finished earlier fetch no page; they are counted on their own (a size-0 search each).
    const counts = await Promise.all(
      slices.map((slice) => (slice.total === undefined && starts.find((s) => s.id === slice.id)?.done ? countSlice(ctx, pit, slice.id, max) : slice.total)),
    )
    let expected: number | undefined
    if (counts.every((c) => c !== undefined)) {
      expected = counts.reduce((sum, c) => sum! + c!, 0)
    } else {
      notes.push('the server gave no exact total under the PIT; counted with _count instead (not on the same snapshot)')
      expected = await countDocuments(ctx)
    }

    return {
      name: 'pit',
      sources: slices,
      expected,
      notes,
      close: () => pit.close(),
    }
  } catch (error) {
    await pit.close()
    throw error
  }
}

/** One slice's count under the PIT, without hits. */
async function countSlice(ctx: ReadContext, pit: PitSession, id: number, max: number): Promise<number | undefined> {
  const body = {size: 0, query: ctx.query, sort: ctx.sort, pit: pit.pitClause(), track_total_hits: true, ...(max > 1 ? {slice: {id, max}} : {})}
  const total = totalOf(await fetchPage(ctx, {method: 'POST', path: '/_search', body}))
  return total?.exact ? total.value : undefined
}
