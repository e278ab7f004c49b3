/**
 * Responses taken as streams (`asStream: true`), for answers the caller reads as text instead of letting the
 * client parse them (export pages, read/raw-page.ts).
 *
 * The client hands a stream over before it looks at the status, so an error status would pass as a success.
 * `throwOnErrorStatus` reads the (small) error body and throws what the client itself would have thrown, a
 * ResponseError with `meta.{statusCode, headers, body}`, so the retry policy (429, 502–504, Retry-After) and
 * toAossError treat it exactly as any other answer.
 */
import type {ClientRequest, IncomingHttpHeaders} from 'node:http'
import type {Readable} from 'node:stream'
import {promisify} from 'node:util'
import {unzip as unzipCallback} from 'node:zlib'

// unzip takes gzip or zlib-wrapped deflate alike, as the client's own decoding does.
const unzip = promisify(unzipCallback)

/** What the client's transport resolves with; `body` is the response stream under asStream. */
export interface StreamResult {
  statusCode: number | null
  headers: IncomingHttpHeaders | Record<string, unknown> | null
  body: unknown
  [key: string]: unknown
}

/** The shape of the client's ResponseError, which isRetryable, retryAfterMs and toAossError read. */
export class StreamResponseError extends Error {
  override name = 'ResponseError'

  constructor(readonly meta: StreamResult) {
    super(messageOf(meta.body))
  }

  get statusCode(): number | null {
    const body = this.meta.body as {status?: unknown} | undefined
    return typeof body?.status === 'number' ? body.status : this.meta.statusCode
  }

  get body(): unknown {
    return this.meta.body
  }

  get headers(): StreamResult['headers'] {
    return this.meta.headers
  }
}

/** Throws a ResponseError for a status of 400 or more that `ignore` does not list; the body is read and parsed. */
export async function throwOnErrorStatus(result: StreamResult, ignore: number[] = []): Promise<void> {
  const status = result.statusCode ?? 0
  if (status < 400 || ignore.includes(status)) return
  // Already thrown once for this result (the retrying transport checks first): the stream is spent.
  if (typeof result.body !== 'object' || result.body === null || typeof (result.body as Readable).pipe !== 'function') {
    throw new StreamResponseError(result)
  }

  let body: unknown
  try {
    const text = (await readBody(result.body as Readable, result.headers)).toString('utf8')
    body = text
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    // A proxy's HTML or plain-text page stays text, as the client keeps it; a body that cannot be read or
    // decoded is left out. Either way the status decides what happens next, and it must not be lost.
  }

  throw new StreamResponseError({...result, body})
}

/**
 * The whole body as one Buffer, decompressed when the server compressed it. A body cut off mid-way rejects with
 * a ConnectionError, as the client reports it, so a page is fetched again.
 */
export async function readBody(stream: Readable, headers: StreamResult['headers']): Promise<Buffer> {
  // The client stops watching its request timeout once headers arrive; the socket's timer still fires. Without
  // this, a server that stalls mid-body would hang the read for ever.
  // (Destroyed without an error: the client logs any error its request raises after the response to stdout,
  // which is export's data stream.)
  const request = (stream as Readable & {req?: ClientRequest}).req
  let timedOut = false
  const onTimeout = () => {
    timedOut = true
    stream.destroy()
  }

  request?.once('timeout', onTimeout)
  const chunks: Buffer[] = []
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer)
  } catch (error) {
    throw connectionError(timedOut ? IDLE_TIMEOUT : `Response aborted while reading the body: ${(error as Error).message}`)
  } finally {
    request?.off('timeout', onTimeout)
  }

  if (timedOut || (stream as {aborted?: boolean}).aborted || (stream as {complete?: boolean}).complete === false) {
    throw connectionError(timedOut ? IDLE_TIMEOUT : 'Response aborted while reading the body')
  }

  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
  const encoding = String((headers as Record<string, unknown> | null)?.['content-encoding'] ?? '').toLowerCase()
  if (!encoding.includes('gzip') && !encoding.includes('deflate')) return body
  try {
    return await unzip(body)
  } catch (error) {
    throw deserializationError(`could not decompress the ${encoding} response body: ${(error as Error).message}`)
  }
}

// Worded as guarded-connection's deadline (BODY_TIMEOUT), so either timer reads as a timeout; "aborted" keeps it a
// page worth fetching again (transfer/strategies/context.ts).
const IDLE_TIMEOUT = 'Response aborted: timed out while reading the body'

function deserializationError(message: string): Error {
  const error = new Error(message)
  error.name = 'DeserializationError'
  return error
}

function connectionError(message: string): Error {
  const error = new Error(message)
  error.name = 'ConnectionError'
  return error
}

/** The client's message: "type: [root type] Reason: …", or just the type. */
function messageOf(body: unknown): string {
  const error = (body as {error?: {type?: string, root_cause?: Array<{type?: string, reason?: string}>}} | undefined)?.error
  if (!error?.type) return 'Response Error'
  if (!Array.isArray(error.root_cause)) return error.type
  return `${error.type}: ${error.root_cause.map((entry) => `[${entry.type}] Reason: ${entry.reason}`).join('; ')}`
}
