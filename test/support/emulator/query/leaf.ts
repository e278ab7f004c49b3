/**
 * Leaf queries that read one field: match, match_phrase, term(s), range, prefix, wildcard, regexp, exists.
 * Each returns a Matcher: undefined = no match, a number = the doc's score.
 */
import {isNumericType} from '../mappings.js'
import type {StoredDoc} from '../types.js'
import type {Matcher, QueryContext} from './context.js'
import {analyze, toDate, toNumber, valuesAt} from './values.js'

const TEXT_TYPES = new Set(['text', 'match_only_text', 'search_as_you_type'])
export const isTextType = (type: string | undefined): boolean => type !== undefined && TEXT_TYPES.has(type)

function fieldValues(ctx: QueryContext, doc: StoredDoc, path: string): {type: string | undefined; values: unknown[]} {
  const f = ctx.field(doc.index, path)
  if (f.type === undefined) return {type: undefined, values: []}
  return {type: f.type, values: valuesAt(doc.source, f.sourcePath)}
}

/** Exact comparison of a doc value with a query value under the field's type (keyword, numbers, dates, booleans). */
export function sameValue(type: string, docValue: unknown, queryValue: unknown, now: number, caseInsensitive = false): boolean {
  if (isNumericType(type)) return toNumber(docValue) !== undefined && toNumber(docValue) === toNumber(queryValue)
  if (type === 'date') return toDate(docValue) !== undefined && toDate(docValue) === toDate(queryValue, now)
  if (type === 'boolean') return String(docValue) === String(queryValue)
  if (caseInsensitive) return String(docValue).toLowerCase() === String(queryValue).toLowerCase()
  return String(docValue) === String(queryValue)
}

/** How many of n optional clauses must match, from a minimum_should_match spec ("2", "-1", "75%"). */
export function requiredMatches(spec: unknown, n: number, fallback: number): number {
  if (spec === undefined || spec === null) return fallback
  const text = String(spec).trim()
  let required: number
  if (text.endsWith('%')) {
    const pct = Number(text.slice(0, -1))
    required = pct >= 0 ? Math.floor((n * pct) / 100) : n - Math.floor((n * -pct) / 100)
  } else {
    const k = Number(text)
    required = k >= 0 ? k : n + k
  }
  return Math.max(0, Math.min(n, required))
}

export interface MatchOptions {
  operator?: string
  minimumShouldMatch?: unknown
  boost?: number
}

export function matchQuery(ctx: QueryContext, path: string, query: unknown, opts: MatchOptions = {}): Matcher {
  const terms = [...new Set(analyze(query))]
  const boost = opts.boost ?? 1
  const and = String(opts.operator ?? 'or').toLowerCase() === 'and'
  const required = and ? terms.length : requiredMatches(opts.minimumShouldMatch, terms.length, 1)
  let noted = false
  return (doc) => {
    const {type, values} = fieldValues(ctx, doc, path)
    if (type === undefined || values.length === 0) return undefined
    if (!isTextType(type)) return values.some((v) => sameValue(type, v, query, ctx.now)) ? boost : undefined
    if (terms.length === 0) return undefined
    const sourcePath = ctx.field(doc.index, path).sourcePath
    if (!noted) {
      ctx.noteTerms(sourcePath, terms)
      noted = true
    }
    // Cheap substring pre-check: most docs contain none of the terms and need no tokenizing.
    const lower = values.length === 1 ? String(values[0]).toLowerCase() : values.join(' ').toLowerCase()
    if (!terms.some((t) => lower.includes(t))) return undefined
    const tokens = analyze(lower)
    let matched = 0
    let score = 0
    for (const term of terms) {
      let tf = 0
      for (const t of tokens) if (t === term) tf++
      if (tf === 0) continue
      matched++
      score += ctx.idf(sourcePath, term) * ((tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * tokens.length) / 20)))
    }
    return matched >= Math.max(required, 1) ? score * boost : undefined
  }
}

export function matchPhraseQuery(ctx: QueryContext, path: string, query: unknown, boost = 1): Matcher {
  const terms = analyze(query)
  return (doc) => {
    const {type, values} = fieldValues(ctx, doc, path)
    if (type === undefined || values.length === 0) return undefined
    if (!isTextType(type)) return values.some((v) => sameValue(type, v, query, ctx.now)) ? boost : undefined
    if (terms.length === 0) return undefined
    const sourcePath = ctx.field(doc.index, path).sourcePath
    ctx.noteTerms(sourcePath, terms)
    for (const value of values) {
      const tokens = analyze(value)
      for (let i = 0; i + terms.length <= tokens.length; i++) {
        if (terms.every((t, j) => tokens[i + j] === t)) {
          return terms.reduce((s, t) => s + ctx.idf(sourcePath, t), 0) * boost
        }
      }
    }
    return undefined
  }
}

export function termsQuery(ctx: QueryContext, path: string, wanted: unknown[], boost = 1, caseInsensitive = false): Matcher {
  return (doc) => {
    const {type, values} = fieldValues(ctx, doc, path)
    if (type === undefined) return undefined
    if (isTextType(type)) {
      const tokens = new Set(values.flatMap(analyze))
      return wanted.some((w) => tokens.has(caseInsensitive ? String(w).toLowerCase() : String(w))) ? boost : undefined
    }
    return values.some((v) => wanted.some((w) => sameValue(type, v, w, ctx.now, caseInsensitive))) ? boost : undefined
  }
}

export function rangeQuery(ctx: QueryContext, path: string, bounds: Record<string, unknown>, boost = 1): Matcher {
  const {gt, gte, lt, lte} = bounds as Record<string, unknown>
  const from = bounds.from ?? undefined
  const to = bounds.to ?? undefined
  return (doc) => {
    const {type, values} = fieldValues(ctx, doc, path)
    if (type === undefined) return undefined
    const coerce = isNumericType(type) ? toNumber : type === 'date' ? (v: unknown) => toDate(v, ctx.now) : (v: unknown) => (v === undefined || v === null ? undefined : String(v))
    const inRange = (raw: unknown): boolean => {
      const v = coerce(raw)
      if (v === undefined) return false
      const above = (b: unknown, strict: boolean) => b === undefined || b === null || (strict ? v > coerce(b)! : v >= coerce(b)!)
      const below = (b: unknown, strict: boolean) => b === undefined || b === null || (strict ? v < coerce(b)! : v <= coerce(b)!)
      return above(gt, true) && above(gte ?? from, false) && below(lt, true) && below(lte ?? to, false)
    }
    const candidates = isTextType(type) ? values.flatMap(analyze) : values
    return candidates.some(inRange) ? boost : undefined
  }
}

/** prefix / wildcard / regexp: keyword values as a whole, text values token by token. */
export function patternQuery(ctx: QueryContext, path: string, re: RegExp, boost = 1): Matcher {
  return (doc) => {
    const {type, values} = fieldValues(ctx, doc, path)
    if (type === undefined) return undefined
    const candidates = isTextType(type) ? values.flatMap(analyze) : values.map(String)
    return candidates.some((c) => re.test(c)) ? boost : undefined
  }
}

export function wildcardToRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's')
}

export function existsQuery(ctx: QueryContext, path: string, boost = 1): Matcher {
  return (doc) => {
    const {type, values} = fieldValues(ctx, doc, path)
    return type !== undefined && values.some((v) => v !== null) ? boost : undefined
  }
}
