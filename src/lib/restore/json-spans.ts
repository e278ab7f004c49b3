/**
 * Where each top-level value of a one-line JSON object starts and ends, without building the values.
 *
 * Restore forwards `_source` as the exact text it read: JSON.parse + JSON.stringify would turn 1.50 into 1.5 and
 * round integers above 2^53 (12345678901234567890 → 12345678901234567000), so a backup would not restore what it
 * saved. The scanner only tracks strings and nesting; callers still JSON.parse the line once to validate it.
 */

export interface Span {
  start: number
  end: number
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COLON = 0x3a
const COMMA = 0x2c

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}

/** Index just past the closing quote of the string that opens at `start`. */
function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === BACKSLASH) i++
    else if (code === QUOTE) return i + 1
  }

  throw new SyntaxError('unterminated string')
}

/** Index just past the value that starts at `start` (object, array, string or literal). */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start)
  if (first === QUOTE) return skipString(text, start)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === QUOTE) i = skipString(text, i) - 1
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--
        if (depth === 0) return i + 1
      }
    }

    throw new SyntaxError('unbalanced brackets')
  }

  let i = start
  while (i < text.length) {
    const code = text.charCodeAt(i)
    if (code === COMMA || code === CLOSE_BRACE || isSpace(code)) break
    i++
  }

  if (i === start) throw new SyntaxError(`unexpected character at ${start}`)
  return i
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++
  return i
}

/** Top-level keys of the object in `text` and the span of each value. Throws SyntaxError if it is not one object. */
export function topLevelSpans(text: string): Map<string, Span> {
  const spans = new Map<string, Span>()
  let i = skipSpaces(text, 0)
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new SyntaxError('not a JSON object')
  i = skipSpaces(text, i + 1)
  if (text.charCodeAt(i) === CLOSE_BRACE) return expectEnd(text, i + 1, spans)
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw new SyntaxError(`expected a key at ${i}`)
    const keyEnd = skipString(text, i)
    const rawKey = text.slice(i + 1, keyEnd - 1)
    const key = rawKey.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : rawKey
    i = skipSpaces(text, keyEnd)
    if (text.charCodeAt(i) !== COLON) throw new SyntaxError(`expected ':' at ${i}`)
    const start = skipSpaces(text, i + 1)
    const end = skipValue(text, start)
    spans.set(key, {start, end})
    i = skipSpaces(text, end)
    const next = text.charCodeAt(i)
    if (next === CLOSE_BRACE) return expectEnd(text, i + 1, spans)
    if (next !== COMMA) throw new SyntaxError(`expected ',' or '}' at ${i}`)
    i = skipSpaces(text, i + 1)
  }
}

function expectEnd(text: string, i: number, spans: Map<string, Span>): Map<string, Span> {
  if (skipSpaces(text, i) !== text.length) throw new SyntaxError('text after the object')
  return spans
}
