/**
 * Reading one index through a point in time that outlives the process that opened it: one step opens the PIT and
 * counts each slice under it (`openSharedPit`), then other processes — Lambda invocations of a Step Functions
 * Distributed Map — each read one slice of it (`openPitSliceReader`), continuing from a checkpoint when their
 * time runs out. Same strategy classes as `openReader` (strategies/pit.ts), so pages, retries and the reopening
 * of an expired PIT behave the same.
 *
 * The order is `_id` (plus nothing else): positions by `_id` stay meaningful under a reopened PIT, where
 * `_shard_doc` positions would not, and a slice may continue days later on a new PIT after the old one expired.
 */
import type {Client} from '../connection/client.js'
import {isAossError} from '../errors.js'
import {DEFAULT_BATCH_SIZE, DEFAULT_KEEP_ALIVE, interrupted} from './reader.js'
import {totalOrder} from './sort.js'
import {PAGE_RETRY_POLICY} from '../connection/retry.js'
import {fetchPage, type ReadContext, send, totalOf} from './strategies/context.js'
import {PitSession, PitSlice, PitUnsupported} from './strategies/pit.js'
import {countDocuments} from './strategies/search-after.js'
import type {Page, ReadCheckpoint, ReadStrategy} from './types.js'

export interface SharedPitOptions {
  /** One concrete index. */
  index: string
  query?: Record<string, unknown>
  batchSize?: number
  keepAlive?: string
  signal?: AbortSignal
}

export interface SharedPit {
  /** The PIT id to hand to the slice readers. */
  id: string
  /** Matching documents per slice under the PIT (sum = the index's count on this snapshot). */
  countSlices(max: number): Promise<number[]>
  /** Deletes the PIT (best effort). */
  close(): Promise<void>
}

function readContext(client: Client, options: SharedPitOptions): ReadContext {
  return {
    client,
    index: options.index,
    query: options.query ?? {match_all: {}},
    source: true,
    sort: totalOrder([], '_id', false),
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    keepAlive: options.keepAlive ?? DEFAULT_KEEP_ALIVE,
    signal: options.signal,
    stats: {requests: 0, retries: 0, reopened: 0, pages: 0, hits: 0},
    pagePolicy: PAGE_RETRY_POLICY,
  }
}

/** Opens a PIT on one index; undefined when the server has none (OpenSearch before 2.4). */
export async function openSharedPit(client: Client, options: SharedPitOptions): Promise<SharedPit | undefined> {
  const ctx = readContext(client, options)
  const session = new PitSession(ctx)
  try {
    await session.open()
  } catch (error) {
    if (error instanceof PitUnsupported) return undefined
    throw error
  }

  return {
    get id() {
      return session.id
    },
    async countSlices(max) {
      try {
        return await Promise.all(Array.from({length: max}, async (_, id) => {
          const body = {size: 0, query: ctx.query, pit: session.pitClause(), track_total_hits: true, ...(max > 1 ? {slice: {id, max}} : {})}
          const total = totalOf(await fetchPage(ctx, {method: 'POST', path: '/_search', body}))
          if (!total?.exact) throw new Error('the server gave no exact total under the point in time')
          return total.value
        }))
      } catch (error) {
        if (max > 1 && isAossError(error) && error.code === 'BAD_REQUEST' && /slice/i.test(error.message)) throw new SlicingRefused(error.message)
        throw error
      }
    },
    close: () => session.close(),
  }
}

/** The server refused to slice this PIT; read it as one slice. */
export class SlicingRefused extends Error {}

/** Documents matching, without a snapshot (for plans made without opening a PIT). */
export function countMatching(client: Client, options: SharedPitOptions): Promise<number> {
  return countDocuments(readContext(client, options))
}

export interface PitSliceOptions extends SharedPitOptions {
  /** The PIT to read (the shared one, or the one this slice reopened last time). */
  pit: string
  slice: number
  /** Slices the PIT was cut into (1: the whole index). */
  of: number
  /** What this slice holds under the PIT, from the plan. */
  expected?: number
  /** Where a previous invocation stopped: the reader's position as one lane (slice 0 of 1). */
  resume?: ReadCheckpoint
}

/**
 * One slice of a shared PIT as a page source of one lane: pages say `slice: 0`, so the backup pipeline treats it
 * as a whole read of its own. `pit` is the id in use at the end (a new one if the PIT had to be reopened).
 */
export interface PitSliceReader extends AsyncIterable<Page> {
  readonly strategy: ReadStrategy
  readonly slices: 1
  readonly expected?: number
  readonly notes: string[]
  readonly pit: string
  /** Leaves the shared PIT open (other slices read it); frees only a PIT this slice reopened, when told to. */
  close(): Promise<void>
  /** Deletes a PIT this slice opened for itself; the shared one is the Commit's or the Abort's to close. */
  releaseOwnPit(): Promise<void>
}

export function openPitSliceReader(client: Client, options: PitSliceOptions): PitSliceReader {
  const ctx = readContext(client, options)
  const session = new PitSession(ctx)
  session.id = options.pit
  const from = options.resume?.slices[0]
  const source = new PitSlice(options.slice, options.of, ctx, session, {id: options.slice, after: from?.after, docs: from?.docs ?? 0, done: from?.done ?? false})
  const sharedId = options.pit
  return {
    strategy: 'pit',
    slices: 1,
    expected: options.expected,
    notes: [],
    get pit() {
      return session.id
    },
    async *[Symbol.asyncIterator]() {
      if (from?.done) return
      for (;;) {
        // Never end quietly on abort: a read that stops early must not look like a finished slice.
        if (ctx.signal?.aborted) throw interrupted()
        const page = await source.next()
        yield {slice: 0, hits: page.hits, after: page.after, done: page.done}
        if (page.done) return
      }
    },
    // The pipeline closes its reader after every invocation; the PIT must live on for the next one.
    async close() {},
    async releaseOwnPit() {
      if (session.id !== sharedId) await deletePits(client, [session.id])
    },
  }
}

/** Deletes PITs by id, ignoring ones already gone; never throws (an undeleted PIT expires after its keep-alive). */
export async function deletePits(client: Client, ids: string[]): Promise<void> {
  const live = [...new Set(ids.filter(Boolean))]
  if (live.length === 0) return
  const ctx = readContext(client, {index: '_all'})
  try {
    await send(ctx, {method: 'DELETE', path: '/_search/point_in_time', body: {pit_id: live}}, [404])
  } catch {
    // Best effort, as in strategies/pit.ts.
  }
}
