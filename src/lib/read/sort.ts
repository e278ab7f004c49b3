/**
 * The total order an export reads in. search_after resumes strictly after the last hit's sort values, so the
 * sort must never tie: two hits with equal values on a page boundary would make one of them vanish or repeat
 * (aoss-facts §6). A unique tiebreaker is therefore always appended to the user's sort.
 */
import {usageError} from '../errors.js'

export type SortClause = Array<Record<string, {order: 'asc' | 'desc'}>>

/** `_shard_doc` is the cheapest unique key, but only OpenSearch >= 3.3 has it and only under a PIT. */
export const SHARD_DOC = '_shard_doc'

/** Parses `price:desc`, `sku`, `sku:asc` into sort clauses. */
export function parseSortFields(fields: string[] | undefined): SortClause {
  const clause: SortClause = []
  for (const raw of fields ?? []) {
    for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [field, order = 'asc', extra] = item.split(':')
      if (!field || extra !== undefined || (order !== 'asc' && order !== 'desc')) {
        throw usageError(`cannot read the sort "${item}"`, 'Use FIELD or FIELD:asc|desc, e.g. --sort price:desc --sort sku.')
      }

      clause.push({[field]: {order}})
    }
  }

  return clause
}

/** True when an index expression may name more than one index, so `_id` alone is not unique. */
export function mayMatchSeveralIndices(index: string): boolean {
  return index.includes(',') || index.includes('*')
}

/**
 * The user's sort followed by the tiebreaker. With several indices an `_id` can repeat across them, so `_index`
 * goes before it; `indexTiebreak: false` is the fallback for servers that refuse to sort on `_index`.
 */
export function totalOrder(userSort: SortClause, tiebreaker: string, indexTiebreak: boolean): SortClause {
  const keys = new Set(userSort.map((clause) => Object.keys(clause)[0]))
  const order: SortClause = [...userSort]
  if (indexTiebreak && tiebreaker === '_id' && !keys.has('_index')) order.push({_index: {order: 'asc'}})
  if (!keys.has(tiebreaker)) order.push({[tiebreaker]: {order: 'asc'}})
  return order
}
