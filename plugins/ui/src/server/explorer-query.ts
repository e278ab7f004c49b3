/**
 * What the explorer sends → the library's search options. Paging is always `search_after` on a sort that ends in
 * a unique key, so documents with equal sort values (equal scores, equal prices) are never skipped or repeated
 * between pages; `from` is never used, so there is no 10,000-hit window either.
 */
import {AossError, parseJson, queryFrom} from './lib.js'

export interface ExplorerQuery {
  index: string
  /** A query string as typed; Lucene syntax when `lucene`. */
  text?: string
  lucene?: boolean
  /** Query DSL as typed (JSON text): a whole body or one clause. */
  dsl?: string
  /** Field filters: each must match. */
  filters?: Array<{field: string, value: string}>
  /** e.g. ['price:desc']; relevance when empty. */
  sort?: string[]
  size?: number
  /** The last card's `sort` values. */
  after?: unknown[]
}

/**
 * The unique key that ends every sort. `_id` is sortable on OpenSearch 2.x and the emulator; `_shard_doc`, the
 * cheaper one, exists only inside a point in time (and only from OpenSearch 3.3), which a page of a live search
 * does not hold.
 */
export const TIEBREAKER = '_id'

export function explorerSort(sort: string[] | undefined): string[] {
  const specs = (sort ?? []).flatMap((spec) => spec.split(',')).map((spec) => spec.trim()).filter(Boolean)
  const base = specs.length > 0 ? specs : ['_score:desc']
  return base.some((spec) => spec.split(':')[0] === TIEBREAKER) ? base : [...base, TIEBREAKER]
}

/** The query clause: the typed text or DSL, narrowed by the field filters. */
export function explorerQueryClause(query: ExplorerQuery): Record<string, unknown> {
  const dsl = query.dsl && query.dsl.trim() !== '' ? parseJson(query.dsl, 'the query editor') : undefined
  const body = queryFrom(dsl === undefined ? {text: query.text, lucene: query.lucene} : {dsl})
  const clause = (body.query ?? {match_all: {}}) as Record<string, unknown>
  const filters = (query.filters ?? []).filter((f) => f.field && f.value !== '')
  if (filters.length === 0) return clause
  return {bool: {must: [clause], filter: filters.map((f) => ({match: {[f.field]: {query: f.value, operator: 'and'}}}))}}
}

export function checkIndex(query: Partial<ExplorerQuery>): asserts query is ExplorerQuery {
  if (!query.index) throw new AossError('USAGE', 'pick an index to search')
}
