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
import {RawHit} from './raw-hit.js'
import type {SearchAnswer} from './strategies/context.js'
import type {Hit} from './types.js'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COLON = 0x3a
const COMMA = 0x2c

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
        return scanner.skipValue(start)
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

  /**
   * Walks the object that starts at (or after whitespace from) `from`; `onValue(key, valueStart)` returns the
   * index just past the value. Returns the index just past the closing brace.
   */
  object(onValue: (key: string, start: number) => number, from = 0, top = true): number {
    const text = this.text
    let i = this.skipSpaces(from)
    if (text.charCodeAt(i) !== OPEN_BRACE) throw new SyntaxError(`expected an object at ${i}`)
    i = this.skipSpaces(i + 1)
    if (text.charCodeAt(i) === CLOSE_BRACE) return this.finish(i + 1, top)
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) throw new SyntaxError(`expected a key at ${i}`)
      const keyEnd = this.skipString(i)
      const key = this.stringAt(i, keyEnd)
      i = this.skipSpaces(keyEnd)
      if (text.charCodeAt(i) !== COLON) throw new SyntaxError(`expected ':' at ${i}`)
      i = this.skipSpaces(onValue(key, this.skipSpaces(i + 1)))
      const next = text.charCodeAt(i)
      if (next === CLOSE_BRACE) return this.finish(i + 1, top)
      if (next !== COMMA) throw new SyntaxError(`expected ',' or '}' at ${i}`)
      i = this.skipSpaces(i + 1)
    }
  }

  /** JSON.parse of one (small) value; returns the index past it. */
  parsed(start: number, use: (value: unknown) => void): number {
    const end = this.skipValue(start)
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
        if (key !== 'hits') return this.skipValue(at)
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
          const valueEnd = this.skipValue(at)
          const value = this.text.charCodeAt(at) === QUOTE ? this.stringAt(at, valueEnd) : String(JSON.parse(this.text.slice(at, valueEnd)))
          if (key === '_index') index = value
          else id = value
          return valueEnd
        }

        if (key === 'sort') return this.parsed(at, (value) => (sort = value as unknown[]))
        if (key !== '_source') return this.skipValue(at)
        const valueEnd = this.skipValue(at)
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
    let i = this.skipSpaces(start + 1)
    if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1
    for (;;) {
      i = this.skipSpaces(onItem(i))
      const next = text.charCodeAt(i)
      if (next === CLOSE_BRACKET) return i + 1
      if (next !== COMMA) throw new SyntaxError(`expected ',' or ']' at ${i}`)
      i = this.skipSpaces(i + 1)
    }
  }

  /** Index just past the value at `start`: a string, an object or array (by depth), or a literal. */
  skipValue(start: number): number {
    const text = this.text
    const first = text.charCodeAt(start)
    if (first === QUOTE) return this.skipString(start)
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let depth = 0
      for (let i = start; i < text.length; i++) {
        const code = text.charCodeAt(i)
        if (code === QUOTE) {
          i = this.skipString(i) - 1
        } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
          depth++
        } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
          depth--
          if (depth === 0) return i + 1
        }
      }

      throw new SyntaxError('unbalanced brackets')
    }

    let i = start
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break
    }

    if (i === start) throw new SyntaxError(`unexpected character at ${start}`)
    return i
  }

  /**
   * Index just past the closing quote of the string at `start`. indexOf finds each quote at native speed; a
   * quote is escaped only when an odd number of backslashes precede it.
   */
  skipString(start: number): number {
    const text = this.text
    let from = start + 1
    for (;;) {
      const quote = text.indexOf('"', from)
      if (quote === -1) throw new SyntaxError('unterminated string')
      let backslashes = 0
      while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++
      if (backslashes % 2 === 0) return quote + 1
      from = quote + 1
    }
  }

  /** The value of the string token between `start` and `end` (quotes included); escapes go through JSON.parse. */
  private stringAt(start: number, end: number): string {
    const inner = this.text.slice(start + 1, end - 1)
    return inner.includes('\\') ? (JSON.parse(this.text.slice(start, end)) as string) : inner
  }

  /** `_source` as one line of text: a pretty-printed one is re-serialised, since NDJSON is one document per line. */
  private sourceText(start: number, end: number): string {
    const text = this.text.slice(start, end)
    if (this.multiline && (text.includes('\n') || text.includes('\r'))) return JSON.stringify(JSON.parse(text))
    return text
  }

  private skipSpaces(i: number): number {
    const text = this.text
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
    return i
  }

  private finish(end: number, top: boolean): number {
    if (top && this.skipSpaces(end) !== this.text.length) throw new SyntaxError('text after the answer')
    return end
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}
