/**
 * JSON output that prints documents exactly as the server sent them.
 *
 * JSON.parse rounds integers above 2^53 (9007199254740993 becomes …992, 12345678901234567890 becomes
 * 12345678901234567000), so a `_source` parsed and printed again is not what is stored. An answer's `_source`
 * objects are tied here to their original text (exact-answer.ts); `stringifyExact` writes that text in their
 * place, every token as sent, and everything else as JSON.stringify would. The parsed objects stay for readers
 * that look inside (cards, field lists); they are read, never edited.
 */
import {oneLine, skipString} from '../io/json-scan.js'

const exactTexts = new WeakMap<object, string>()

/** Ties `value` (parsed from `text`) to that text, on one line, for stringifyExact. */
export function keepExactText(value: object, text: string): void {
  exactTexts.set(value, oneLine(text))
}

/** JSON.stringify(value, null, indent), except that values tied to their text are written as that text. */
export function stringifyExact(value: unknown, indent = 0): string {
  return write(value, indent, 0) ?? 'null'
}

function write(value: unknown, indent: number, depth: number): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const text = exactTexts.get(value)
  if (text !== undefined) return indent > 0 ? indentText(text, indent, depth) : text
  const withJson = value as {toJSON?: () => unknown}
  if (typeof withJson.toJSON === 'function') return write(withJson.toJSON(), indent, depth)

  const inner = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : ''
  const outer = indent > 0 ? `\n${' '.repeat(indent * depth)}` : ''
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const items = value.map((item) => write(item, indent, depth + 1) ?? 'null')
    return `[${inner}${items.join(`,${inner}`)}${outer}]`
  }

  const colon = indent > 0 ? ': ' : ':'
  const members: string[] = []
  for (const [key, member] of Object.entries(value)) {
    const written = write(member, indent, depth + 1)
    if (written !== undefined) members.push(`${JSON.stringify(key)}${colon}${written}`)
  }

  return members.length === 0 ? '{}' : `{${inner}${members.join(`,${inner}`)}${outer}}`
}

/**
 * One-line JSON text laid out as JSON.stringify(…, indent) lays out a value at `depth`, tokens untouched:
 * only the space between them changes.
 */
function indentText(text: string, indent: number, depth: number): string {
  let out = ''
  let level = depth
  const newline = () => `\n${' '.repeat(indent * level)}`
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (char === '"') {
      const end = skipString(text, i)
      out += text.slice(i, end)
      i = end - 1
    } else if (char === '{' || char === '[') {
      const empty = text[i + 1] === (char === '{' ? '}' : ']')
      if (empty) {
        out += char + text[i + 1]
        i++
      } else {
        level++
        out += char + newline()
      }
    } else if (char === '}' || char === ']') {
      level--
      out += newline() + char
    } else if (char === ',') {
      out += `,${newline()}`
    } else if (char === ':') {
      out += ': '
    } else {
      out += char
    }
  }

  return out
}
