/**
 * Reading a document or search answer as text, so that each `_source` can be printed exactly as stored.
 *
 * The client would parse the answer with JSON.parse and round big integers before anyone sees them. Here the
 * answer is taken as a stream, read as text, parsed for everything else, and each `_source` object (the
 * document's own in `GET _doc`, each hit's in `_search`) is tied to its span of the text (exact-json.ts).
 * Errors keep the client's shapes (ResponseError, ConnectionError, DeserializationError) for toAossError.
 */
import type {Readable} from 'node:stream'

import type {Client} from '../connection/client.js'
import {readBody, type StreamResult} from '../connection/stream-response.js'
import {CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, skipSpaces, skipValue, walkObject} from '../io/json-scan.js'
import {keepExactText} from './exact-json.js'

export interface ExactRequest {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
}

export async function requestExact<T>(client: Client, request: ExactRequest, options: {ignore?: number[]} = {}): Promise<{statusCode: number, body: T}> {
  const result = (await client.transport.request(request as never, {asStream: true, ...options})) as unknown as StreamResult
  const text = (await readBody(result.body as Readable, result.headers)).toString('utf8')
  let body: unknown
  let spans: SourceSpans
  try {
    body = JSON.parse(text)
    spans = sourceSpans(text)
  } catch (error) {
    throw Object.assign(new Error(`the answer is not JSON: ${(error as Error).message}`), {name: 'DeserializationError'})
  }

  tieSources(body, spans)
  return {statusCode: result.statusCode ?? 0, body: body as T}
}

interface SourceSpans {
  /** The answer's own `_source` (a document). */
  own?: string
  /** Each hit's `_source`, in order; undefined where a hit has none. */
  hits: Array<string | undefined>
}

/** Finds the `_source` spans of a document answer and of a search answer's hits, without building them. */
function sourceSpans(text: string): SourceSpans {
  const spans: SourceSpans = {hits: []}
  const objectSpan = (start: number, end: number) => (text.charCodeAt(start) === OPEN_BRACE ? text.slice(start, end) : undefined)
  if (text.charCodeAt(skipSpaces(text, 0)) !== OPEN_BRACE) return spans
  walkObject(text, 0, (key, start) => {
    const end = skipValue(text, start)
    if (key === '_source') spans.own = objectSpan(start, end)
    if (key !== 'hits' || text.charCodeAt(start) !== OPEN_BRACE) return end
    walkObject(text, start, (hitsKey, hitsStart) => {
      const hitsEnd = skipValue(text, hitsStart)
      if (hitsKey === 'hits' && text.charCodeAt(hitsStart) === OPEN_BRACKET) {
        for (const itemStart of arrayItemStarts(text, hitsStart)) {
          let source: string | undefined
          if (text.charCodeAt(itemStart) === OPEN_BRACE) {
            walkObject(text, itemStart, (hitKey, at) => {
              const valueEnd = skipValue(text, at)
              if (hitKey === '_source') source = objectSpan(at, valueEnd)
              return valueEnd
            })
          }

          spans.hits.push(source)
        }
      }

      return hitsEnd
    })
    return end
  })
  return spans
}

/** Where each item of the array at `start` begins. */
function arrayItemStarts(text: string, start: number): number[] {
  const starts: number[] = []
  let i = skipSpaces(text, start + 1)
  if (text.charCodeAt(i) === CLOSE_BRACKET) return starts
  for (;;) {
    starts.push(i)
    i = skipSpaces(text, skipValue(text, i))
    if (text.charCodeAt(i) !== COMMA) return starts
    i = skipSpaces(text, i + 1)
  }
}

function tieSources(body: unknown, spans: SourceSpans): void {
  const answer = body as {_source?: unknown, hits?: {hits?: Array<{_source?: unknown}>}} | null
  if (typeof answer !== 'object' || answer === null) return
  if (spans.own !== undefined && isObject(answer._source)) keepExactText(answer._source, spans.own)
  const hits = answer.hits?.hits
  if (!Array.isArray(hits) || hits.length !== spans.hits.length) return
  for (const [i, hit] of hits.entries()) {
    const text = spans.hits[i]
    if (text !== undefined && isObject(hit?._source)) keepExactText(hit._source, text)
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
