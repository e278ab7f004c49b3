/**
 * The one way to read a whole index: `openReader()` picks a strategy once (PIT, then scroll, then plain
 * search_after, or the one forced), counts what matches, and yields pages in a total order.
 *
 * Pages come from N slices fetched in parallel, each with a bounded prefetch: while the caller writes one page,
 * the next `prefetch` pages of every slice are already on their way, and no more (memory stays at roughly
 * slices × prefetch × page size). The order pages are handed out in depends only on the data and the options
 * (the unfinished slice with the fewest documents handed out goes next, ties to the lower id), never on timing,
 * so the same export always writes the same bytes, and a resumed one continues exactly where it stopped.
 */
import type {Client} from '../connection/client.js'
import {AossError, isAossError, usageError} from '../errors.js'
import {AimdLimit, type AimdReport} from '../flow/aimd.js'
import {FlowGate} from '../flow/gate.js'
import {type Capabilities, detectCapabilities, SERVERLESS} from './capabilities.js'
import {mayMatchSeveralIndices, parseSortFields, SHARD_DOC, totalOrder} from './sort.js'
import {PAGE_RETRY_POLICY} from '../connection/retry.js'
import {type ReadContext, type ReaderStats} from './strategies/context.js'
import {openPit, openPitStrategy, type PitSession, PitUnsupported} from './strategies/pit.js'
import {openScrollStrategy} from './strategies/scroll.js'
import {countDocuments, openSearchAfterStrategy} from './strategies/search-after.js'
import type {OpenedStrategy, RawPage, SliceSource, SliceStart} from './strategies/source.js'
import type {Page, ReadCheckpoint, ReadOptions, ReadStrategy} from './types.js'

export type {ReaderStats} from './strategies/context.js'

export const DEFAULT_BATCH_SIZE = 1000
export const MAX_BATCH_SIZE = 10_000
export const DEFAULT_KEEP_ALIVE = '5m'
/** Pages fetched ahead per slice. Two keep the wire busy while one is written; more only costs memory. */
export const DEFAULT_PREFETCH = 2
/** --max-slices: the most slices --slices auto reads at once. */
export const DEFAULT_MAX_SLICES = 16
/** --slices auto starts with this many slices reading at once. */
export const ADAPTIVE_START = 2

export interface DocumentReader extends AsyncIterable<Page> {
  readonly strategy: ReadStrategy
  /** Slices actually read (1 when the server refused slicing). */
  readonly slices: number
  /** The unique sort key appended to the user's sort. */
  readonly tiebreaker: string
  /** Matching documents at the start (capped by maxDocs); taken on the same snapshot when there is one. */
  readonly expected?: number
  readonly stats: ReaderStats
  /** Things the caller should tell the user (fallbacks taken, consistency caveats). */
  readonly notes: string[]
  readonly capabilities: Capabilities
  /** With --slices auto: how many slices read at once now (at the end: what it settled on), the range, the cuts. */
  adaptive(): AimdReport | undefined
  /** Deletes the PIT or clears the scrolls. Safe to call twice; also called when iteration ends or fails. */
  close(): Promise<void>
}

export interface ReaderTuning {
  /** Pages fetched ahead per slice (default 2). */
  prefetch?: number
}

export async function openReader(client: Client, options: ReadOptions, tuning: ReaderTuning = {}): Promise<DocumentReader> {
  validate(options)
  const stats: ReaderStats = {requests: 0, retries: 0, reopened: 0, pages: 0, hits: 0}
  const ctx: ReadContext = {
    client,
    index: options.index,
    query: options.query ?? {match_all: {}},
    source: options.fields && options.fields.length > 0 ? options.fields : true,
    sort: [],
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    keepAlive: options.keepAlive ?? DEFAULT_KEEP_ALIVE,
    signal: options.signal,
    stats,
    pagePolicy: PAGE_RETRY_POLICY,
  }
  const slices = options.resume?.slices.length ?? options.slices ?? 1
  if (options.adaptive && slices > 1) ctx.flow = new FlowGate(new AimdLimit({start: ADAPTIVE_START, max: slices}))
  const {capabilities, pit} = await probeAndOpenPit(ctx, options)
  const tiebreaker = chooseTiebreaker(options, capabilities)
  const userSort = parseSortFields(options.sort)
  ctx.sort = totalOrder(userSort, tiebreaker, mayMatchSeveralIndices(options.index))

  let opened: OpenedStrategy
  try {
    opened = await openStrategy(ctx, options, capabilities, pit)
  } catch (error) {
    // Some servers refuse to sort on `_index`; `_id` alone is still correct unless an id repeats across indices,
    // and the count check at the end would report that.
    if (!(isAossError(error) && error.code === 'BAD_REQUEST' && /\[_index\]/.test(error.message) && ctx.sort.some((c) => '_index' in c))) throw error
    ctx.sort = totalOrder(userSort, tiebreaker, false)
    opened = await openStrategy(ctx, options, capabilities)
    opened.notes.push('the server cannot sort on _index: an _id that repeats across indices may be skipped (the count check would say so)')
  }

  if (opened.expected === undefined) {
    opened.expected = await countDocuments(ctx)
    opened.notes.push('counted with _count, not on the read snapshot')
  }

  // Adaptive: every slice keeps one page asked for, and the gate lets only the limit's worth of them go at once;
  // the others wait their turn. That is enough to keep the gate full, and memory stays at a page per slice.
  const prefetch = tuning.prefetch ?? (ctx.flow ? 1 : DEFAULT_PREFETCH)
  return new SlicedReader(opened, ctx, options, tiebreaker, capabilities, prefetch)
}

/**
 * Asks the server what it is while the PIT opens: two round trips in the time of one. When the settings already
 * say Serverless (an `aoss` host or `--service aoss`) there is nothing to ask. The probe's failure wins over the
 * PIT's (it says more: unreachable, auth, not OpenSearch), and a PIT nobody will use is deleted.
 */
async function probeAndOpenPit(ctx: ReadContext, options: ReadOptions): Promise<{capabilities: Capabilities, pit?: OpenedPit}> {
  const wanted = options.resume?.strategy ?? options.strategy ?? 'auto'
  const probe = options.serverless ? Promise.resolve(SERVERLESS) : detectCapabilities(ctx.client)
  if (wanted !== 'auto' && wanted !== 'pit') return {capabilities: await probe}
  const [capabilities, pit] = await Promise.allSettled([probe, openPit(ctx)])
  if (capabilities.status === 'rejected') {
    if (pit.status === 'fulfilled') await pit.value.close()
    throw capabilities.reason
  }

  const used = wanted === 'pit' || capabilities.value.pitPossible
  if (pit.status === 'fulfilled') {
    if (used) return {capabilities: capabilities.value, pit: pit.value}
    await pit.value.close()
    return {capabilities: capabilities.value}
  }

  if (!used) return {capabilities: capabilities.value}
  if (pit.reason instanceof PitUnsupported) return {capabilities: capabilities.value, pit: pit.reason}
  throw pit.reason
}

/** A PIT opened beside the probe, or the proof that the server has none. */
type OpenedPit = PitSession | PitUnsupported

function validate(options: ReadOptions): void {
  if (!options.index || /[\s/]/.test(options.index)) throw usageError(`not a valid index expression: "${options.index}"`)
  const batch = options.batchSize ?? DEFAULT_BATCH_SIZE
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH_SIZE) {
    throw usageError(`--batch-size must be between 1 and ${MAX_BATCH_SIZE}`, 'OpenSearch refuses pages larger than index.max_result_window (10,000).')
  }

  const slices = options.slices ?? 1
  if (!Number.isInteger(slices) || slices < 1 || slices > 64) throw usageError('--slices must be between 1 and 64')
  if (options.maxDocs !== undefined && !(Number.isInteger(options.maxDocs) && options.maxDocs >= 0)) throw usageError('--max-docs must be zero or more')
  if (options.keepAlive !== undefined && !/^\d+(ms|s|m|h|d)$/.test(options.keepAlive)) {
    throw usageError(`--keep-alive must be a time value such as 30s, 5m or 1h (got "${options.keepAlive}")`)
  }
}

function chooseTiebreaker(options: ReadOptions, capabilities: Capabilities): string {
  if (options.tiebreaker) {
    if (options.tiebreaker === SHARD_DOC && !capabilities.shardDoc) {
      throw usageError('this server cannot sort on _shard_doc (OpenSearch 3.3 or newer only)', 'Use --tiebreaker _id or a unique field.')
    }

    return options.tiebreaker
  }

  const pitUsable = options.strategy === undefined || options.strategy === 'auto' || options.strategy === 'pit'
  return capabilities.shardDoc && pitUsable && !options.resume ? SHARD_DOC : '_id'
}

async function openStrategy(ctx: ReadContext, options: ReadOptions, capabilities: Capabilities, pit?: OpenedPit): Promise<OpenedStrategy> {
  const resume = options.resume
  const wanted = resume?.strategy ?? options.strategy ?? 'auto'
  const starts = sliceStarts(options.slices ?? 1, resume)
  const tryPit = wanted === 'pit' || (wanted === 'auto' && capabilities.pitPossible)
  if (tryPit) {
    try {
      if (pit instanceof PitUnsupported) throw pit
      return await openPitStrategy(ctx, starts, pit)
    } catch (error) {
      if (!(error instanceof PitUnsupported)) throw error
      if (wanted === 'pit') {
        throw new AossError('UNSUPPORTED', `this server has no point in time: ${error.message}`, {
          hints: [capabilities.scroll ? 'Use --strategy scroll (or auto).' : 'Use --strategy search-after (or auto).'],
        })
      }
    }
  } else if (pit && !(pit instanceof PitUnsupported)) {
    await pit.close()
  }

  if (ctx.sort.some((clause) => SHARD_DOC in clause)) {
    throw usageError('_shard_doc works only with a point in time', 'Use --tiebreaker _id with this strategy.')
  }

  if (wanted === 'scroll' || (wanted === 'auto' && capabilities.scroll)) {
    if (!capabilities.scroll) {
      throw new AossError('UNSUPPORTED', 'OpenSearch Serverless has no scroll API', {hints: ['Use --strategy pit (or auto).']})
    }

    return openScrollStrategy(ctx, starts)
  }

  if (starts.length > 1) {
    const opened = await openSearchAfterStrategy(ctx, {id: 0, docs: 0, done: false})
    opened.notes.push(`plain search_after cannot be sliced; read with one slice instead of ${starts.length}`)
    return opened
  }

  return openSearchAfterStrategy(ctx, starts[0]!)
}

function sliceStarts(slices: number, resume?: ReadCheckpoint): SliceStart[] {
  if (resume) {
    // Slicing is `id` of `max`: a checkpoint missing a slice would re-slice the index and skip documents.
    const ids = resume.slices.map((s) => s.id).sort((a, b) => a - b)
    if (ids.length === 0 || ids.some((id, i) => id !== i)) {
      throw new AossError('USAGE', `the checkpoint's slices are not 0…n-1 (${ids.join(', ') || 'none'}): it cannot be resumed`, {
        hints: ['Start over without resuming.'],
      })
    }

    return resume.slices.map((s) => ({id: s.id, after: s.after, docs: s.docs, done: s.done}))
  }

  return Array.from({length: slices}, (_, id) => ({id, docs: 0, done: false}))
}

/** One slice's queue of pages already requested, oldest first. */
interface Lane {
  source: SliceSource
  /** Documents handed to the caller so far (from the checkpoint on resume). */
  docs: number
  done: boolean
  ahead: Array<Promise<RawPage>>
  /** Set once a fetched page said it was the last; no more fetches are queued after it. */
  ended: boolean
}

class SlicedReader implements DocumentReader {
  readonly strategy: ReadStrategy
  readonly slices: number
  readonly expected?: number
  readonly notes: string[]
  private closed?: Promise<void>
  private readonly lanes: Lane[]
  private remaining: number

  constructor(
    private readonly opened: OpenedStrategy,
    private readonly ctx: ReadContext,
    options: ReadOptions,
    readonly tiebreaker: string,
    readonly capabilities: Capabilities,
    private readonly prefetch: number,
  ) {
    this.strategy = opened.name
    this.slices = opened.sources.length
    this.notes = opened.notes
    const resumed = options.resume?.slices ?? []
    this.lanes = opened.sources.map((source) => {
      const from = resumed.find((s) => s.id === source.id)
      return {source, docs: from?.docs ?? 0, done: from?.done ?? false, ahead: [], ended: from?.done ?? false}
    })
    const already = this.lanes.reduce((sum, lane) => sum + lane.docs, 0)
    this.remaining = options.maxDocs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, options.maxDocs - already)
    const count = opened.expected
    this.expected = count === undefined || options.maxDocs === undefined ? count : Math.min(count, options.maxDocs)
  }

  get stats(): ReaderStats {
    return this.ctx.stats
  }

  adaptive(): AimdReport | undefined {
    return this.ctx.flow?.control.report()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Page> {
    try {
      for (const lane of this.lanes) this.fill(lane)
      for (;;) {
        const lane = this.nextLane()
        if (!lane) return
        this.throwIfAborted()
        const page = await this.race(lane.ahead.shift()!)
        this.fill(lane)
        let hits = page.hits
        let last = page.done
        if (hits.length >= this.remaining) {
          hits = hits.slice(0, this.remaining)
          last = true
        }

        this.remaining -= hits.length
        lane.docs += hits.length
        lane.done = last
        // A page cut by maxDocs ends the read, so its resume point is never needed.
        const after = hits.length === page.hits.length ? page.after : undefined
        yield {slice: lane.source.id, hits, after, done: lane.done}
        if (this.remaining === 0) {
          for (const other of this.lanes) other.done = true
          return
        }
      }
    } finally {
      await this.close()
    }
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      for (const lane of this.lanes) for (const pending of lane.ahead) pending.catch(() => {})
      await this.opened.close()
    })()
    return this.closed
  }

  /** The unfinished slice with the fewest documents handed out; ties go to the lower slice id. */
  private nextLane(): Lane | undefined {
    let best: Lane | undefined
    for (const lane of this.lanes) {
      if (lane.done) continue
      if (!best || lane.docs < best.docs) best = lane
    }

    return best
  }

  /** Keeps up to `prefetch` pages of a slice requested; each waits for the one before (search_after needs it). */
  private fill(lane: Lane): void {
    while (!lane.ended && lane.ahead.length < this.prefetch) {
      const previous = lane.ahead.at(-1)
      // After a slice's last page a source answers with an empty last page, so over-asking is harmless.
      const next = previous ? previous.then(() => lane.source.next()) : lane.source.next()
      next.then(
        (page) => {
          if (page.done) lane.ended = true
        },
        () => {},
      )
      lane.ahead.push(next)
    }
  }

  private throwIfAborted(): void {
    if (this.ctx.signal?.aborted) throw interrupted()
  }

  /** Awaits a page, or stops at once on abort (the request in flight is left to finish on its own). */
  private race(page: Promise<RawPage>): Promise<RawPage> {
    const signal = this.ctx.signal
    if (!signal) return page
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(interrupted())
      signal.addEventListener('abort', onAbort, {once: true})
      page.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    })
  }
}

export function interrupted(): AossError {
  return new AossError('INCOMPLETE', 'interrupted', {details: {aborted: true}})
}
