/**
 * From what users type to a search body: a plain query string, a query DSL document, sort specs such as
 * `price:desc`, and paging. Pure; no I/O.
 */
import {usageError} from '../errors.js'

export type QueryClause = Record<string, unknown>

export interface QueryInput {
  /** A query string as typed, e.g. `red shoes`. */
  text?: string
  /** Use Lucene syntax (`query_string`: `category:footwear AND price:<50`) instead of the forgiving simple syntax. */
  lucene?: boolean
  /** A query DSL document: either a whole search body (`{"query": …, "sort": …}`) or a bare query clause. */
  dsl?: unknown
}

const BODY_KEYS = new Set([
  'query', 'sort', 'size', 'from', '_source', 'highlight', 'aggs', 'aggregations', 'search_after', 'track_total_hits',
  'post_filter', 'fields', 'docvalue_fields', 'stored_fields', 'min_score', 'timeout', 'explain', 'collapse', 'suggest', 'version',
  'seq_no_primary_term', 'script_fields', 'terminate_after', 'indices_boost', 'rescore', 'pit', 'slice', 'ext',
])

/**
 * Splits a DSL document into the search body it stands for. A bare clause (`{"match": {...}}`) becomes
 * `{query: clause}`; a whole body is kept.
 */
export function dslToBody(dsl: unknown, source = '--query'): Record<string, unknown> {
  if (typeof dsl !== 'object' || dsl === null || Array.isArray(dsl)) throw usageError(`${source} must hold a JSON object`)
  const keys = Object.keys(dsl)
  if (keys.length === 0) return {}
  if (keys.every((key) => BODY_KEYS.has(key))) return {...(dsl as Record<string, unknown>)}
  if (keys.length === 1) return {query: dsl}
  throw usageError(
    `${source} mixes search body keys with other keys: ${keys.filter((k) => !BODY_KEYS.has(k)).join(', ')}`,
    'Give either a whole body ({"query": {...}, "sort": [...]}) or one query clause ({"match": {"name": "shoes"}}).',
  )
}

/** The query clause for a typed string; match_all when there is nothing to search for. */
export function textToQuery(text: string | undefined, lucene = false): QueryClause {
  if (text === undefined || text.trim() === '' || text.trim() === '*') return {match_all: {}}
  // lenient: a word like "red" must not fail against numeric or date fields the query also covers.
  if (lucene) return {query_string: {query: text, lenient: true}}
  return {simple_query_string: {query: text, default_operator: 'and', lenient: true}}
}

export function queryFrom(input: QueryInput): Record<string, unknown> {
  if (input.text !== undefined && input.dsl !== undefined) {
    throw usageError('give either QUERY or --query, not both', 'QUERY is a query string; --query FILE|- is query DSL.')
  }

  if (input.dsl !== undefined) return dslToBody(input.dsl)
  return {query: textToQuery(input.text, input.lucene)}
}

/** `price:desc`, `name`, `_score`, `@timestamp:asc` → OpenSearch sort entries. */
export function parseSort(specs: string[]): Array<Record<string, {order: 'asc' | 'desc'}> | string> {
  return specs
    .flatMap((spec) => spec.split(','))
    .map((raw) => raw.trim())
    .filter(Boolean)
    .map((spec) => {
      const colon = spec.lastIndexOf(':')
      const suffix = colon > 0 ? spec.slice(colon + 1).toLowerCase() : ''
      if (colon > 0 && suffix !== 'asc' && suffix !== 'desc') {
        throw usageError(`bad sort "${spec}": the order after ':' must be asc or desc`, 'e.g. --sort price:desc,name')
      }

      const field = colon > 0 ? spec.slice(0, colon) : spec
      if (field === '') throw usageError(`bad sort "${spec}": no field name`)
      const order = (suffix || (field === '_score' ? 'desc' : 'asc')) as 'asc' | 'desc'
      return {[field]: {order}}
    })
}

export function parseFields(fields: string | string[] | undefined): string[] | undefined {
  if (fields === undefined) return undefined
  const list = (Array.isArray(fields) ? fields : [fields]).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean)
  return list.length > 0 ? list : undefined
}
