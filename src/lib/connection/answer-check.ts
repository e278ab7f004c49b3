/**
 * Is this answer OpenSearch at all? A login page, a captive portal or a web server on the wrong port answers
 * `200 text/html`; the client keeps such a body as a string and every caller then reads `undefined` where it
 * expected a count, an index list or an acknowledgement — a failure reported as success. A 302 to a sign-in page
 * passes the same way, because the client does not follow redirects and only treats 400 and above as errors.
 *
 * Checked once, for every request, in the client's transport (client.ts): a redirect is always an error (naming
 * where it points), and a successful answer must be JSON unless it is legitimately bodiless (HEAD, or an empty
 * body). Error statuses keep their own path (ResponseError → toAossError).
 */
import type {Readable} from 'node:stream'

import {redactUrl} from './redact.js'

export class NotOpenSearchError extends Error {
  override name = 'NotOpenSearchError'

  constructor(
    readonly statusCode: number,
    /** The answer's content type, absent when the server sent none. */
    readonly contentType: string | undefined,
    /** A redirect's target, without user info. */
    readonly location?: string,
  ) {
    super(location === undefined ? `answered ${statusCode} ${contentType ?? 'without a content type'}` : `redirected (${statusCode}) to ${location}`)
  }
}

interface Answer {
  statusCode: number | null
  headers: Record<string, unknown> | null
  body: unknown
}

const JSON_TYPE = /application\/(?:[\w.+-]*\+)?json|application\/vnd\.opensearch\+json/i

/** For answers the client read and parsed itself. */
export function checkAnswer(result: Answer, method: string | undefined): void {
  const status = result.statusCode ?? 0
  if (status >= 300 && status < 400) throw redirected(result)
  if (status >= 400 || (method ?? '').toUpperCase() === 'HEAD') return
  // The client parses JSON content types; a body it left as text is something else.
  if (typeof result.body === 'string' && result.body.trim() !== '') throw new NotOpenSearchError(status, contentTypeOf(result))
}

/** For answers taken as a stream (export pages): judged by their headers, before any of the body is read. */
export function checkStreamAnswer(result: Answer): void {
  const status = result.statusCode ?? 0
  const contentType = contentTypeOf(result)
  let error: NotOpenSearchError | undefined
  if (status >= 300 && status < 400) error = redirected(result)
  // Without a content type the body still has to parse, which the page scanner checks.
  else if (status < 400 && contentType !== undefined && !JSON_TYPE.test(contentType)) error = new NotOpenSearchError(status, contentType)
  if (!error) return
  ;(result.body as Readable | undefined)?.destroy?.()
  throw error
}

function redirected(result: Answer): NotOpenSearchError {
  const location = header(result, 'location')
  return new NotOpenSearchError(result.statusCode ?? 0, contentTypeOf(result), location === undefined ? 'an address it did not name' : redactUrl(location))
}

function contentTypeOf(result: Answer): string | undefined {
  return header(result, 'content-type')?.split(';')[0]?.trim() || undefined
}

function header(result: Answer, name: string): string | undefined {
  const value = result.headers?.[name]
  return Array.isArray(value) ? String(value[0]) : value === undefined || value === null ? undefined : String(value)
}
