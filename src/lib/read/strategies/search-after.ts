/**
 * Plain search_after on the index, without a snapshot: the last resort for servers with neither PIT nor
 * scroll. It pages past the 10,000-hit window, but writes made during the read may be missed or seen, so the
 * count at the start can differ from what is read; the check at the end reports that. One slice only: slicing
 * needs a PIT or a scroll.
 */
import {targetPath} from '../../connection/paths.js'
import {toAossError} from '../../connection/translate.js'
import {countMatching} from '../../documents/count.js'
import {fetchPage, type ReadContext, sourceBody, toHits, totalOf} from './context.js'
import type {OpenedStrategy, RawPage, SliceSource, SliceStart} from './source.js'

class SearchAfterSlice implements SliceSource {
  readonly id = 0
  private after?: unknown[]
  private finished: boolean

  constructor(private readonly ctx: ReadContext, start: SliceStart) {
    this.after = start.after
    this.finished = start.done
  }

  async next(): Promise<RawPage> {
    if (this.finished) return {hits: [], after: this.after, done: true}
    const body = {
      size: this.ctx.batchSize,
      query: this.ctx.query,
      sort: this.ctx.sort,
      track_total_hits: false,
      ...sourceBody(this.ctx),
      ...(this.after ? {search_after: this.after} : {}),
    }
    const answer = await fetchPage(this.ctx, {method: 'POST', path: targetPath(this.ctx.index, '_search'), body})
    const {hits, after} = toHits(answer)
    this.ctx.stats.pages++
    this.ctx.stats.hits += hits.length
    if (after) this.after = after
    // Without a snapshot a short page is not proof of the end (a refresh may add hits): stop on an empty one.
    this.finished = hits.length === 0
    return {hits, after: this.after, done: this.finished}
  }
}

export async function openSearchAfterStrategy(ctx: ReadContext, start: SliceStart): Promise<OpenedStrategy> {
  // Validate the sort (and the index) before the first page, as the other strategies do, and count on the way.
  const probe = await fetchPage(ctx, {method: 'POST', path: targetPath(ctx.index, '_search'), body: {size: 0, query: ctx.query, sort: ctx.sort, track_total_hits: true}})
  const total = totalOf(probe)
  const expected = total?.exact ? total.value : await countDocuments(ctx)
  return {
    name: 'search-after',
    sources: [new SearchAfterSlice(ctx, start)],
    expected,
    notes: ['no point in time: documents written during the export may be missed or included'],
    close: async () => {},
  }
}

/** `_count` for the reader's index and query; not on any snapshot, so writes during the read make it differ. */
export async function countDocuments(ctx: ReadContext): Promise<number> {
  ctx.stats.requests++
  try {
    return await countMatching(ctx.client, ctx.index, ctx.query)
  } catch (error) {
    throw toAossError(error, {index: ctx.index, action: `counting ${ctx.index}`})
  }
}
