/** Reading field values out of `_source` and coercing them the way mapped types compare. */

/** Every leaf value at a dotted path; arrays (also arrays of objects on the way) are flattened. */
export function valuesAt(source: unknown, path: string): unknown[] {
  const out: unknown[] = []
  collect(source, path.split('.'), 0, out)
  return out
}

function collect(node: unknown, segments: string[], i: number, out: unknown[]): void {
  if (node === null || node === undefined) return
  if (Array.isArray(node)) {
    for (const item of node) collect(item, segments, i, out)
    return
  }
  if (i === segments.length) {
    out.push(node)
    return
  }
  if (typeof node !== 'object') return
  const obj = node as Record<string, unknown>
  // A literal dotted key ("a.b": 1) is the same field as {"a": {"b": 1}} in OpenSearch.
  for (let j = segments.length; j > i; j--) {
    const key = j === i + 1 ? segments[i]! : segments.slice(i, j).join('.')
    if (key in obj) collect(obj[key], segments, j, out)
  }
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value)
    return Number.isNaN(n) ? undefined : n
  }
  return undefined
}

const UNIT_MS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, H: 3_600_000, d: 86_400_000, w: 7 * 86_400_000}

/** Parses a date field value or query bound: ISO strings, epoch millis, `now`, and simple date math (`now-1d/d`, `2024-01-01||+1M`). */
export function toDate(value: unknown, now = Date.now()): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value !== 'string') return undefined
  const [anchorText, mathText] = value.startsWith('now') ? ['now', value.slice(3)] : value.includes('||') ? value.split('||') : [value, '']
  const anchor = anchorText === 'now' ? now : parseDateText(anchorText!)
  if (anchor === undefined) return undefined
  let t: number = anchor
  const math = mathText ?? ''
  const re = /([+-])(\d+)([yMwdhHms])|\/([yMwdhHms])/g
  let m: RegExpExecArray | null
  while ((m = re.exec(math)) !== null) {
    const d: Date = new Date(t)
    if (m[4] !== undefined) {
      t = roundDown(d, m[4])
      continue
    }
    const n = Number(m[2]) * (m[1] === '-' ? -1 : 1)
    if (m[3] === 'y') d.setUTCFullYear(d.getUTCFullYear() + n)
    else if (m[3] === 'M') d.setUTCMonth(d.getUTCMonth() + n)
    else d.setTime(d.getTime() + n * UNIT_MS[m[3]!]!)
    t = d.getTime()
  }
  return t
}

function parseDateText(text: string): number | undefined {
  if (/^-?\d+$/.test(text)) return Number(text)
  const normal = /^\d{4}\/\d{2}\/\d{2}/.test(text) ? text.replace(/\//g, '-').replace(' ', 'T') : text
  // Date-only strings are UTC in JS; date-times without a zone are local in JS but UTC in OpenSearch.
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(normal) ? normal + 'Z' : normal
  const t = Date.parse(withZone)
  return Number.isNaN(t) ? undefined : t
}

function roundDown(d: Date, unit: string): number {
  switch (unit) {
    case 'y':
      return Date.UTC(d.getUTCFullYear(), 0, 1)
    case 'M':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
    case 'w': {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
      return day - ((d.getUTCDay() + 6) % 7) * 86_400_000
    }
    case 'd':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
    default: {
      const ms = UNIT_MS[unit]!
      return Math.floor(d.getTime() / ms) * ms
    }
  }
}

/** The standard analyzer, roughly: lowercase, split on anything that is not a letter or digit. */
export function analyze(text: unknown): string[] {
  if (text === null || text === undefined) return []
  return String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '')
}
