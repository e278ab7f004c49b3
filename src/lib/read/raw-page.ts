/**
 * Reads a search answer's text without parsing the documents in it.
 *
 * A page of 1,000 hits is mostly `_source` text that export only copies to its output. JSON.parse would build
 * every document as objects only for JSON.stringify to turn them back into text, which costs most of an export's
 * CPU (and its garbage), and rounds integers above 2^53 on the way. This scanner walks the top-level object,
 * parses only the small values a reader looks at (`_shards`, `timed_out`, `pit_id`, `_scroll_id`, `hits.total`,
 * each hit's `_index`, `_id` and `sort`) and keeps each `_source` as the exact span of text the server sent.
 *
 * It expects valid JSON, as a server sends: it finds where values end, it does not validate what is inside them.
 * A body it cannot walk throws a SyntaxError.
 */
import {CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, oneLine, parseSortValues, QUOTE, skipSpaces, skipValue, stringAt, walkObject} from '../io/json-scan.js'
import {RawHit} from './raw-hit.js'
import type {Hit} from './types.js'

/** A raw search answer, reduced to what a reader looks at. */
export interface SearchAnswer {
  pit_id?: string
  _scroll_id?: string
  timed_out?: boolean
  _shards?: {total?: number, failed?: number, failures?: Array<{reason?: {type?: string, reason?: string}}>}
  hits?: {
    total?: {value: number, relation: string} | number
    hits?: Array<{_index: string, _id: string, _source?: Record<string, unknown>, sort?: unknown[]}>
  }
  /** Set when the answer was read as text (raw-page.ts): its hits, ready, each `_source` still the server's text. */
  scanned?: {hits: Hit[], after?: unknown[]}
}

/** The answer's small parts, parsed; its hits in `scanned`, as RawHits with the last hit's sort values. */
export function scanSearchPage(text: string): SearchAnswer {
  const scanner = new Scanner(text)
  const answer: SearchAnswer = {}
  scanner.object((key, start) => {
    switch (key) {
      case '_shards': {
        return scanner.parsed(start, (value) => (answer._shards = value as SearchAnswer['_shards']))
      }

      case 'timed_out': {
        return scanner.parsed(start, (value) => (answer.timed_out = value === true))
      }

      case 'pit_id': {
        return scanner.parsed(start, (value) => (answer.pit_id = value as string))
      }

      case '_scroll_id': {
        return scanner.parsed(start, (value) => (answer._scroll_id = value as string))
      }

      case 'hits': {
        return scanner.hitsObject(start, answer)
      }

      default: {
        return skipValue(text, start)
      }
    }
  })
  answer.scanned ??= {hits: []}
  return answer
}

class Scanner {
  /** Pretty-printed bodies hold line breaks between tokens; a compact one holds none, and is never searched again. */
  private readonly multiline: boolean

  constructor(private readonly text: string) {
    this.multiline = text.includes('\n') || text.includes('\r')
  }

  /** Walks the object at `from` (see walkObject); the top-level one must be the whole text. */
  object(onValue: (key: string, start: number) => number, from = 0, top = true): number {
    const end = walkObject(this.text, from, onValue)
    if (top && skipSpaces(this.text, end) !== this.text.length) throw new SyntaxError('text after the answer')
    return end
  }

  /** JSON.parse of one (small) value; returns the index past it. */
  parsed(start: number, use: (value: unknown) => void): number {
    const end = skipValue(this.text, start)
    use(JSON.parse(this.text.slice(start, end)))
    return end
  }

  /** The `hits` object: `total` into the answer, `hits` into RawHits. */
  hitsObject(start: number, answer: SearchAnswer): number {
    const hits: Hit[] = []
    let after: unknown[] | undefined
    answer.hits = {}
    const end = this.object(
      (key, at) => {
        if (key === 'total') return this.parsed(at, (value) => (answer.hits!.total = value as {value: number, relation: string} | number))
        if (key !== 'hits') return skipValue(this.text, at)
        return this.array(at, (itemStart) => {
          const hit = this.hit(itemStart)
          hits.push(hit.hit)
          after = hit.sort
          return hit.end
        })
      },
      start,
      false,
    )
    answer.scanned = {hits, after}
    return end
  }

  /** One element of `hits.hits`. A missing `_source` (filtered out, or disabled) is written as {}, as before. */
  hit(start: number): {hit: Hit, sort?: unknown[], end: number} {
    let index = ''
    let id = ''
    let sort: unknown[] | undefined
    let source = '{}'
    const end = this.object(
      (key, at) => {
        if (key === '_index' || key === '_id') {
          const valueEnd = skipValue(this.text, at)
          const value = this.text.charCodeAt(at) === QUOTE ? stringAt(this.text, at, valueEnd) : String(JSON.parse(this.text.slice(at, valueEnd)))
          if (key === '_index') index = value
          else id = value
          return valueEnd
        }

        if (key === 'sort') {
          const valueEnd = skipValue(this.text, at)
          sort = parseSortValues(this.text.slice(at, valueEnd))
          return valueEnd
        }

        if (key !== '_source') return skipValue(this.text, at)
        const valueEnd = skipValue(this.text, at)
        if (this.text.charCodeAt(at) === OPEN_BRACE) source = this.sourceText(at, valueEnd)
        return valueEnd
      },
      start,
      false,
    )
    return {hit: new RawHit(index, id, source), sort, end}
  }

  /** Walks an array; `onItem(itemStart)` returns the index past the item. */
  array(start: number, onItem: (start: number) => number): number {
    const text = this.text
    if (text.charCodeAt(start) !== OPEN_BRACKET) throw new SyntaxError(`expected an array at ${start}`)
    let i = skipSpaces(text, start + 1)
    if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1
    for (;;) {
      i = skipSpaces(text, onItem(i))
      const next = text.charCodeAt(i)
      if (next === CLOSE_BRACKET) return i + 1
      if (next !== COMMA) throw new SyntaxError(`expected ',' or ']' at ${i}`)
      i = skipSpaces(text, i + 1)
    }
  }

  /** `_source` as one line of exact text: line breaks and comments a document was indexed with are dropped. */
  private sourceText(start: number, end: number): string {
    const text = this.text.slice(start, end)
    if ((this.multiline && (text.includes('\n') || text.includes('\r'))) || text.includes('/')) return oneLine(text)
    return text
  }
}
