/**
 * Where each top-level value of a one-line JSON object starts and ends, without building the values.
 *
 * Restore forwards `_source` as the exact text it read: JSON.parse + JSON.stringify would turn 1.50 into 1.5 and
 * round integers above 2^53 (12345678901234567890 → 12345678901234567000), so a backup would not restore what it
 * saved. The scanner only tracks strings and nesting; callers still JSON.parse the line once to validate it.
 */
import {skipSpaces, skipValue, walkObject} from '../io/json-scan.js'

export interface Span {
  start: number
  end: number
}

/** Top-level keys of the object in `text` and the span of each value. Throws SyntaxError if it is not one object. */
export function topLevelSpans(text: string): Map<string, Span> {
  const spans = new Map<string, Span>()
  const end = walkObject(text, 0, (key, start) => {
    const valueEnd = skipValue(text, start)
    spans.set(key, {start, end: valueEnd})
    return valueEnd
  })
  if (skipSpaces(text, end) !== text.length) throw new SyntaxError('text after the object')
  return spans
}
