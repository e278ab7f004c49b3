/**
 * Responses taken as streams (`asStream: true`), for answers the caller reads as text instead of letting the
 * client parse them (export pages, transfer/raw-page.ts).
 *
 * The client hands a stream over before it looks at the status, so an error status would pass as a success.
 * `throwOnErrorStatus` reads the (small) error body and throws what the client itself would have thrown, a
 * ResponseError with `meta.{statusCode, headers, body}`, so the retry policy (429, 502–504, Retry-After) and
 * toAossError treat it exactly as any other answer.
 */
import type {IncomingHttpHeaders} from 'node:http'
import type {Readable} from 'node:stream'
import {promisify} from 'node:util'
import {gunzip as gunzipCallback, inflate as inflateCallback} from 'node:zlib'

const gunzip = promisify(gunzipCallback)
const inflate = promisify(inflateCallback)

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

  const text = (await readBody(result.body as Readable, result.headers)).toString('utf8')
  let body: unknown = text
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    // A proxy's HTML or plain-text error page: kept as text, as the client keeps it.
  }

  throw new StreamResponseError({...result, body})
}

/**
 * The whole body as one Buffer, decompressed when the server compressed it. A body cut off mid-way rejects with
 * a ConnectionError, as the client reports it, so a page is fetched again.
 */
export async function readBody(stream: Readable, headers: StreamResult['headers']): Promise<Buffer> {
  const chunks: Buffer[] = []
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer)
  } catch (error) {
    throw connectionError(`Response aborted while reading the body: ${(error as Error).message}`)
  }

  if ((stream as {aborted?: boolean}).aborted || (stream as {complete?: boolean}).complete === false) {
    throw connectionError('Response aborted while reading the body')
  }

  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
  const encoding = String((headers as Record<string, unknown> | null)?.['content-encoding'] ?? '').toLowerCase()
  if (encoding.includes('gzip')) return gunzip(body)
  if (encoding.includes('deflate')) return inflate(body)
  return body
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
