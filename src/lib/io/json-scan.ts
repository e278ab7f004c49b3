/**
 * Finding where JSON values start and end in a text, without building them. The low-level steps shared by the
 * search-page scanner (raw-page.ts) and restore's `_source` spans (restore/json-spans.ts): both keep a value's
 * exact text, because JSON.parse + JSON.stringify would round integers above 2^53 and respell numbers (1.50 → 1.5).
 *
 * These expect valid JSON: they find where a value ends, they do not validate what is inside it. Text they
 * cannot walk throws a SyntaxError.
 */

export const QUOTE = 0x22
const BACKSLASH = 0x5c
export const OPEN_BRACE = 0x7b
export const CLOSE_BRACE = 0x7d
export const OPEN_BRACKET = 0x5b
export const CLOSE_BRACKET = 0x5d
const COLON = 0x3a
export const COMMA = 0x2c

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}

export function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++
  return i
}

/**
 * Index just past the closing quote of the string at `start`. indexOf finds each quote at native speed; a
 * quote is escaped only when an odd number of backslashes precede it.
 */
export function skipString(text: string, start: number): number {
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

/** Index just past the value at `start`: a string, an object or array (by depth), or a literal. */
export function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start)
  if (first === QUOTE) return skipString(text, start)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === QUOTE) {
        i = skipString(text, i) - 1
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

/** The value of the string token between `start` and `end` (quotes included); escapes go through JSON.parse. */
export function stringAt(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1)
  return inner.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : inner
}

/**
 * Walks the object that starts at (or after whitespace from) `from`; `onValue(key, valueStart)` returns the
 * index just past the value. Returns the index just past the closing brace; what follows is the caller's to check.
 */
export function walkObject(text: string, from: number, onValue: (key: string, start: number) => number): number {
  let i = skipSpaces(text, from)
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new SyntaxError(`expected an object at ${i}`)
  i = skipSpaces(text, i + 1)
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw new SyntaxError(`expected a key at ${i}`)
    const keyEnd = skipString(text, i)
    const key = stringAt(text, i, keyEnd)
    i = skipSpaces(text, keyEnd)
    if (text.charCodeAt(i) !== COLON) throw new SyntaxError(`expected ':' at ${i}`)
    i = skipSpaces(text, onValue(key, skipSpaces(text, i + 1)))
    const next = text.charCodeAt(i)
    if (next === CLOSE_BRACE) return i + 1
    if (next !== COMMA) throw new SyntaxError(`expected ',' or '}' at ${i}`)
    i = skipSpaces(text, i + 1)
  }
}

const SLASH = 0x2f
const STAR = 0x2a
const NEWLINE = 0x0a
const RETURN = 0x0d

/**
 * The same JSON value on one line with every token copied exactly. OpenSearch returns `_source` as it was
 * indexed, and its parser accepts comments: a pretty-printed or commented document would break NDJSON's one
 * line per document, and re-serialising it through JSON.parse would round integers above 2^53. Text with no line
 * break and no comment outside its strings is returned as it is; otherwise whitespace and comments outside
 * strings are dropped (the compact form JSON.stringify would write, numbers untouched).
 */
export function oneLine(text: string): string {
  return needsRewrite(text) ? compact(text) : text
}

function needsRewrite(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === QUOTE) i = skipString(text, i) - 1
    else if (code === NEWLINE || code === RETURN || code === SLASH) return true
  }

  return false
}

function compact(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === QUOTE) {
      const end = skipString(text, i)
      out += text.slice(i, end)
      i = end
    } else if (isSpace(code)) {
      i++
    } else if (code === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2)
      if (close === -1) throw new SyntaxError('unterminated comment')
      i = close + 2
    } else if (code === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const lineEnd = text.indexOf('\n', i + 2)
      i = lineEnd === -1 ? text.length : lineEnd
    } else if (code === SLASH) {
      throw new SyntaxError(`unexpected '/' at ${i}`)
    } else {
      let j = i + 1
      while (j < text.length) {
        const next = text.charCodeAt(j)
        if (next === QUOTE || next === SLASH || isSpace(next)) break
        j++
      }

      out += text.slice(i, j)
      i = j
    }
  }

  return out
}

/**
 * A `sort` array, with integers beyond 2^53 kept as their exact digits in a string: as a number they would be
 * rounded and `search_after` would start next to the right place instead of at it (OpenSearch parses a long
 * sort value from a string).
 */
export function parseSortValues(text: string): unknown[] {
  const values: unknown[] = []
  let i = skipSpaces(text, 0)
  if (text.charCodeAt(i) !== OPEN_BRACKET) return JSON.parse(text) as unknown[]
  i = skipSpaces(text, i + 1)
  if (text.charCodeAt(i) === CLOSE_BRACKET) return values
  for (;;) {
    const end = skipValue(text, i)
    const token = text.slice(i, end)
    const number = /^-?\d+$/.test(token) ? Number(token) : undefined
    values.push(number !== undefined && !Number.isSafeInteger(number) ? token : JSON.parse(token))
    i = skipSpaces(text, end)
    const next = text.charCodeAt(i)
    if (next === CLOSE_BRACKET) return values
    if (next !== COMMA) throw new SyntaxError(`expected ',' or ']' at ${i}`)
    i = skipSpaces(text, i + 1)
  }
}
