/**
 * What every strategy needs: the client, the request body parts, and one guarded way to fetch a page.
 *
 * The client already retries 429, 5xx and socket resets. A page can still come back *short* with status 200:
 * `_shards.failed > 0` or `timed_out: true` mean some hits are missing, and a body cut off mid-way surfaces as
 * "aborted" (which the client does not retry). Those are re-fetched here, a bounded number of times, and
 * never passed on: a short page would silently shorten the file.
 */
import {isAscii} from 'node:buffer'
import type {Readable} from 'node:stream'

import type {Client} from '../../connection/client.js'
import {reportThrottles, type RetryPolicy, withRetry} from '../../connection/retry.js'
import {readBody, type StreamResult, throwOnErrorStatus} from '../../connection/stream-response.js'
import {toAossError} from '../../connection/translate.js'
import {AossError} from '../../errors.js'
import type {FlowGate} from '../../flow/gate.js'
import {type SearchAnswer, scanSearchPage} from '../raw-page.js'
import type {SortClause} from '../sort.js'
import type {Hit} from '../types.js'

export interface ReaderStats {
  requests: number
  /** Pages re-fetched after a partial answer, a cut body or an expired context. */
  retries: number
  /** PITs or scrolls opened again after they expired or failed. */
  reopened: number
  pages: number
  hits: number
}

export interface ReadContext {
  client: Client
  index: string
  query: Record<string, unknown>
  /** `_source` filter; `true` = whole source. */
  source: string[] | true
  sort: SortClause
  batchSize: number
  keepAlive: string
  signal?: AbortSignal
  stats: ReaderStats
  /** Back-off for re-fetching a short page. */
  pagePolicy: RetryPolicy
  /** With --slices auto: every search waits its turn here, and tells the limit how it went. */
  flow?: FlowGate
}


/** A 200 answer that is missing hits; worth asking again. */
export class PartialPageError extends Error {
  constructor(readonly why: string) {
    super(why)
    this.name = 'PartialPageError'
  }
}

export function checkComplete(answer: SearchAnswer): void {
  const failed = answer._shards?.failed ?? 0
  if (failed > 0) {
    const reason = answer._shards?.failures?.[0]?.reason?.reason
    throw new PartialPageError(`${failed} of ${answer._shards?.total ?? '?'} shards failed${reason ? ` (${reason})` : ''}`)
  }

  if (answer.timed_out) throw new PartialPageError('the search timed out on the server')
}

const CUT_BODY = /aborted|ECONNRESET|socket hang up|other side closed|premature close/i

/** Worth re-fetching at page level: short pages and bodies cut mid-way. */
export function isPageRetryable(error: unknown): boolean {
  if (error instanceof PartialPageError) return true
  const e = error as {name?: string, message?: string}
  return e?.name === 'ConnectionError' && CUT_BODY.test(e.message ?? '')
}

export interface Request {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  body?: unknown
  querystring?: Record<string, string>
}

export async function send<T>(ctx: ReadContext, request: Request, ignore?: number[]): Promise<{statusCode: number, body: T}> {
  ctx.stats.requests++
  const response = await ctx.client.transport.request(request as never, ignore ? {ignore} : {})
  return {statusCode: response.statusCode ?? 0, body: response.body as T}
}

/**
 * A search answer read as text and scanned, not parsed: `_source` goes to the output as the server sent it.
 * Errors keep the client's shapes (ResponseError, ConnectionError, DeserializationError) for retries and toAossError.
 */
export async function sendSearch(ctx: ReadContext, request: Request): Promise<SearchAnswer> {
  const flow = ctx.flow
  if (!flow) return searchNow(ctx, request)
  return flow.run((throttled) => searchNow(ctx, request, throttled), (answer) => answer.scanned?.hits.length ?? 0)
}

async function searchNow(ctx: ReadContext, request: Request, onThrottle?: () => void): Promise<SearchAnswer> {
  ctx.stats.requests++
  const options = onThrottle ? {asStream: true, ...reportThrottles(onThrottle)} : {asStream: true}
  const result = (await ctx.client.transport.request(request as never, options)) as unknown as StreamResult
  await throwOnErrorStatus(result)
  const body = await readBody(result.body as Readable, result.headers)
  // For pure ASCII, latin1 decodes to the same string about three times faster than utf8, and it is the usual case.
  const text = isAscii(body) ? body.toString('latin1') : body.toString('utf8')
  try {
    return scanSearchPage(text)
  } catch (error) {
    throw Object.assign(new Error(`the search answer is not JSON: ${(error as Error).message}`), {name: 'DeserializationError'})
  }
}

/**
 * One page, re-fetched while it comes back short. Only for idempotent requests (PIT or plain search_after);
 * a scroll cannot ask for the same page twice and restarts instead (strategies/scroll.ts).
 */
export async function fetchPage(ctx: ReadContext, request: Request): Promise<SearchAnswer> {
  return withRetry(
    async () => {
      const answer = await sendSearch(ctx, request)
      checkComplete(answer)
      return answer
    },
    ctx.pagePolicy,
    {signal: ctx.signal, retryable: isPageRetryable, onRetry: () => ctx.stats.retries++},
  ).catch((error) => {
    throw pageFailure(error, ctx)
  })
}

export function pageFailure(error: unknown, ctx: ReadContext): AossError {
  if (error instanceof PartialPageError) {
    return new AossError('INCOMPLETE', `reading ${ctx.index}: a page stayed incomplete after ${ctx.pagePolicy.maxRetries} retries: ${error.why}`, {
      hints: ['The cluster is overloaded or a shard is unavailable; try again later, or lower --batch-size and --slices.'],
    })
  }

  return toAossError(error, {index: ctx.index, action: `reading ${ctx.index}`})
}

export function toHits(answer: SearchAnswer): {hits: Hit[], after?: unknown[]} {
  if (answer.scanned) return answer.scanned
  const raw = answer.hits?.hits ?? []
  const hits = new Array<Hit>(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const h = raw[i]!
    hits[i] = {_index: h._index, _id: h._id, _source: h._source ?? {}}
  }

  return {hits, after: raw.length > 0 ? raw.at(-1)!.sort : undefined}
}

export function totalOf(answer: SearchAnswer): {value: number, exact: boolean} | undefined {
  const total = answer.hits?.total
  if (total === undefined) return undefined
  if (typeof total === 'number') return {value: total, exact: true}
  return {value: total.value, exact: total.relation === 'eq'}
}

export function sourceBody(ctx: ReadContext): Record<string, unknown> {
  return ctx.source === true ? {} : {_source: ctx.source}
}
