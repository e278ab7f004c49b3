/**
 * Turns query DSL into a Matcher. Unknown query types fail as OpenSearch does (parsing_exception),
 * so a client sending something the emulator can't judge finds out instead of getting silent matches.
 */
import {parsingError} from '../errors.js'
import type {StoredDoc} from '../types.js'
import type {Matcher, QueryContext} from './context.js'
import {existsQuery, matchPhraseQuery, matchQuery, patternQuery, rangeQuery, requiredMatches, termsQuery, wildcardToRegex} from './leaf.js'
import {queryStringToDsl} from './query-string.js'
import {valuesAt} from './values.js'

type Obj = Record<string, unknown>

const matchAll = (boost: number): Matcher => () => boost

/** `{field: value}` or `{field: {<valueKey>: value, ...params}}` → field, value, params. */
function fieldForm(type: string, body: unknown, valueKey: string): {field: string; value: unknown; params: Obj} {
  if (body === null || typeof body !== 'object') throw parsingError(`[${type}] query malformed, no start_object after query name`)
  const entries = Object.entries(body as Obj).filter(([k]) => k !== 'boost' && k !== '_name')
  if (entries.length !== 1) throw parsingError(`[${type}] query doesn't support multiple fields, found [${entries.map(([k]) => k).join('] and [')}]`)
  const [field, spec] = entries[0]!
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const params = spec as Obj
    return {field, value: params[valueKey], params}
  }
  return {field, value: spec, params: {}}
}

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])
const boostOf = (params: Obj): number => (params.boost === undefined ? 1 : Number(params.boost))

export function compileQuery(query: unknown, ctx: QueryContext): Matcher {
  if (query === undefined || query === null) return matchAll(1)
  if (typeof query !== 'object' || Array.isArray(query)) throw parsingError('query malformed, must start with start_object')
  const keys = Object.keys(query as Obj)
  if (keys.length === 0) return matchAll(1)
  if (keys.length > 1) throw parsingError(`[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`)
  const type = keys[0]!
  const body = (query as Obj)[type]
  const params = (body !== null && typeof body === 'object' ? body : {}) as Obj

  switch (type) {
    case 'match_all':
      return matchAll(boostOf(params))
    case 'match_none':
      return () => undefined
    case 'match': {
      const f = fieldForm(type, body, 'query')
      return matchQuery(ctx, f.field, f.value, {operator: f.params.operator as string, minimumShouldMatch: f.params.minimum_should_match, boost: boostOf(f.params)})
    }
    case 'match_phrase': {
      const f = fieldForm(type, body, 'query')
      return matchPhraseQuery(ctx, f.field, f.value, boostOf(f.params))
    }
    case 'multi_match':
      return multiMatch(params, ctx)
    case 'term': {
      const f = fieldForm(type, body, 'value')
      return termsQuery(ctx, f.field, [f.value], boostOf(f.params), f.params.case_insensitive === true)
    }
    case 'terms': {
      const entries = Object.entries(params).filter(([k]) => k !== 'boost' && k !== '_name')
      if (entries.length !== 1) throw parsingError('[terms] query does not support multiple fields')
      return termsQuery(ctx, entries[0]![0], asArray(entries[0]![1]), boostOf(params))
    }
    case 'range': {
      const f = fieldForm(type, body, '')
      return rangeQuery(ctx, f.field, f.params, boostOf(f.params))
    }
    case 'exists':
      return existsQuery(ctx, String(params.field), boostOf(params))
    case 'ids': {
      const ids = new Set(asArray(params.values).map(String))
      const boost = boostOf(params)
      return (doc) => (ids.has(doc.id) ? boost : undefined)
    }
    case 'prefix': {
      const f = fieldForm(type, body, 'value')
      const re = wildcardToRegex(String(f.value) + '*', f.params.case_insensitive === true)
      return patternQuery(ctx, f.field, re, boostOf(f.params))
    }
    case 'wildcard': {
      const f = fieldForm(type, body, 'value')
      const value = f.value ?? f.params.wildcard
      return patternQuery(ctx, f.field, wildcardToRegex(String(value), f.params.case_insensitive === true), boostOf(f.params))
    }
    case 'regexp': {
      const f = fieldForm(type, body, 'value')
      return patternQuery(ctx, f.field, new RegExp(`^(?:${String(f.value)})$`, f.params.case_insensitive === true ? 'i' : ''), boostOf(f.params))
    }
    case 'bool':
      return boolQuery(params, ctx)
    case 'constant_score': {
      const inner = compileQuery(params.filter, ctx)
      const boost = boostOf(params)
      return (doc) => (inner(doc) === undefined ? undefined : boost)
    }
    case 'dis_max': {
      const inner = asArray(params.queries).map((q) => compileQuery(q, ctx))
      const tie = Number(params.tie_breaker ?? 0)
      return (doc) => {
        const scores = inner.map((m) => m(doc)).filter((s): s is number => s !== undefined)
        if (scores.length === 0) return undefined
        const max = Math.max(...scores)
        return max + tie * (scores.reduce((a, b) => a + b, 0) - max)
      }
    }
    case 'nested':
      return nestedQuery(params, ctx)
    case 'query_string':
    case 'simple_query_string':
      return compileQuery(queryStringToDsl(params, type === 'simple_query_string'), ctx)
    default:
      throw parsingError(`unknown query [${type}]`)
  }
}

function boolQuery(params: Obj, ctx: QueryContext): Matcher {
  const must = asArray(params.must).map((q) => compileQuery(q, ctx))
  const filter = asArray(params.filter).map((q) => compileQuery(q, ctx))
  const should = asArray(params.should).map((q) => compileQuery(q, ctx))
  const mustNot = asArray(params.must_not).map((q) => compileQuery(q, ctx))
  // OpenSearch: with must/filter present, should clauses are optional unless minimum_should_match says otherwise.
  const fallback = must.length > 0 || filter.length > 0 ? 0 : should.length > 0 ? 1 : 0
  const required = requiredMatches(params.minimum_should_match, should.length, fallback)
  const boost = boostOf(params)
  return (doc) => {
    let score = 0
    for (const m of must) {
      const s = m(doc)
      if (s === undefined) return undefined
      score += s
    }
    for (const f of filter) if (f(doc) === undefined) return undefined
    for (const n of mustNot) if (n(doc) !== undefined) return undefined
    let hits = 0
    for (const s of should) {
      const r = s(doc)
      if (r !== undefined) {
        hits++
        score += r
      }
    }
    return hits < required ? undefined : score * boost
  }
}

function multiMatch(params: Obj, ctx: QueryContext): Matcher {
  const patterns = asArray(params.fields ?? ['*']).map(String)
  const type = String(params.type ?? 'best_fields')
  const perIndex = new Map<string, Matcher[]>()
  const boost = boostOf(params)
  const matchersFor = (index: string): Matcher[] => {
    let list = perIndex.get(index)
    if (list === undefined) {
      list = ctx.expandFields(index, patterns).map((ref) => {
        const inner =
          type === 'phrase'
            ? matchPhraseQuery(ctx, ref.path, params.query)
            : matchQuery(ctx, ref.path, params.query, {operator: params.operator as string, minimumShouldMatch: params.minimum_should_match})
        return (doc: StoredDoc) => {
          const s = inner(doc)
          return s === undefined ? undefined : s * ref.boost
        }
      })
      perIndex.set(index, list)
    }
    return list
  }
  return (doc) => {
    let best: number | undefined
    let sum = 0
    for (const m of matchersFor(doc.index)) {
      const s = m(doc)
      if (s === undefined) continue
      sum += s
      best = best === undefined ? s : Math.max(best, s)
    }
    if (best === undefined) return undefined
    return (type === 'most_fields' ? sum : best) * boost
  }
}

/** Runs the inner query against each object of the nested array, as if the doc held only that one. */
function nestedQuery(params: Obj, ctx: QueryContext): Matcher {
  const path = String(params.path)
  const inner = compileQuery(params.query, ctx)
  const segments = path.split('.')
  return (doc) => {
    let best: number | undefined
    for (const element of valuesAt(doc.source, path)) {
      const source = withValueAt(doc.source, segments, element)
      const s = inner({...doc, source})
      if (s !== undefined) best = best === undefined ? s : Math.max(best, s)
    }
    return best
  }
}

function withValueAt(source: Obj, segments: string[], value: unknown): Obj {
  const [head, ...rest] = segments
  const copy = {...source}
  copy[head!] = rest.length === 0 ? value : withValueAt((source[head!] ?? {}) as Obj, rest, value)
  return copy
}
