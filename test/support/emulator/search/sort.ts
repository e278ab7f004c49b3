/**
 * Sort specs: parsing, per-doc sort keys and the comparator. Sort values are returned in hits and
 * come back as search_after, so keys use the same representation OpenSearch returns: epoch millis for
 * dates, numbers for numerics (booleans 0/1), strings for keywords and _id. Missing values are null
 * (OpenSearch sends Long.MAX_VALUE-style sentinels for numerics; null keeps JSON exact).
 */
import {illegalArgument, searchPhaseError} from '../errors.js'
import {isNumericType} from '../mappings.js'
import type {QueryContext} from '../query/context.js'
import {isTextType} from '../query/leaf.js'
import {toDate, toNumber, valuesAt} from '../query/values.js'
import type {StoredDoc} from '../types.js'

export type SortKey = number | string | null

export interface SortSpec {
  kind: 'score' | 'doc' | 'shard_doc' | 'id' | 'field'
  field: string
  order: 1 | -1
  missingFirst: boolean
  missingValue?: unknown
  mode?: 'min' | 'max'
}

type Obj = Record<string, unknown>

const KINDS: Record<string, SortSpec['kind']> = {_score: 'score', _doc: 'doc', _shard_doc: 'shard_doc', _id: 'id'}

/** Accepts "f", "f:desc" (URI form), {f: "desc"}, {f: {order, missing, mode, unmapped_type}} and arrays of those. */
export function parseSort(raw: unknown): Array<SortSpec & {unmappedType?: string}> {
  if (raw === undefined || raw === null) return []
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw]
  return items.flatMap((item): Array<SortSpec & {unmappedType?: string}> => {
    if (typeof item === 'string') {
      const [field, order] = item.split(':')
      return [spec(field!, order === undefined ? {} : {order})]
    }
    return Object.entries(item as Obj).map(([field, v]) => spec(field, typeof v === 'string' ? {order: v} : ((v ?? {}) as Obj)))
  })
}

function spec(field: string, p: Obj): SortSpec & {unmappedType?: string} {
  const kind = KINDS[field] ?? 'field'
  const orderText = String(p.order ?? (kind === 'score' ? 'desc' : 'asc')).toLowerCase()
  if (orderText !== 'asc' && orderText !== 'desc') throw illegalArgument(`Unknown SortOrder [${orderText}]`)
  const missing = p.missing
  return {
    kind,
    field,
    order: orderText === 'asc' ? 1 : -1,
    missingFirst: missing === '_first',
    missingValue: missing === undefined || missing === '_last' || missing === '_first' ? undefined : missing,
    mode: p.mode === 'min' || p.mode === 'max' ? p.mode : undefined,
    unmappedType: typeof p.unmapped_type === 'string' ? p.unmapped_type : undefined,
  }
}

/** Checks sorts against the mappings as OpenSearch would at query time; returns the per-spec field types. */
export function checkSorts(specs: Array<SortSpec & {unmappedType?: string}>, indices: string[], ctx: QueryContext, shardDocAllowed: boolean): Array<string | undefined> {
  return specs.map((s) => {
    const index = indices[0] ?? null
    if (s.kind === 'shard_doc' && !shardDocAllowed) {
      throw searchPhaseError(400, {type: 'query_shard_exception', reason: 'No mapping found for [_shard_doc] in order to sort on', index}, index)
    }
    if (s.kind !== 'field') return undefined
    const types = indices.map((i) => ctx.field(i, s.field).type).filter((t) => t !== undefined)
    const type = types[0] ?? s.unmappedType
    if (type === undefined && indices.length > 0) {
      throw searchPhaseError(400, {type: 'query_shard_exception', reason: `No mapping found for [${s.field}] in order to sort on`, index}, index)
    }
    if (isTextType(type)) {
      throw searchPhaseError(400, {
        type: 'illegal_argument_exception',
        reason: `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${s.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
      }, index)
    }
    return type
  })
}

export function coerceKey(type: string | undefined, value: unknown): SortKey {
  if (value === null || value === undefined) return null
  if (isNumericType(type)) return toNumber(value) ?? null
  if (type === 'date') return toDate(value) ?? null
  if (type === 'boolean') return value === true || value === 'true' ? 1 : 0
  return String(value)
}

export function sortKey(s: SortSpec, type: string | undefined, doc: StoredDoc, score: number, ctx: QueryContext): SortKey {
  switch (s.kind) {
    case 'score':
      return score
    case 'doc':
    case 'shard_doc':
      return doc.ord
    case 'id':
      return doc.id
    case 'field': {
      const path = ctx.field(doc.index, s.field).sourcePath
      const keys = valuesAt(doc.source, path).map((v) => coerceKey(type, v)).filter((k): k is string | number => k !== null)
      if (keys.length === 0) return s.missingValue === undefined ? null : coerceKey(type, s.missingValue)
      const pickMax = (s.mode ?? (s.order === 1 ? 'min' : 'max')) === 'max'
      let best = keys[0]!
      for (const k of keys) if (pickMax ? k > best : k < best) best = k
      return best
    }
  }
}

export function compareKeys(specs: readonly SortSpec[], a: readonly SortKey[], b: readonly SortKey[]): number {
  for (let i = 0; i < specs.length; i++) {
    const x = a[i] ?? null
    const y = b[i] ?? null
    if (x === y) continue
    const s = specs[i]!
    if (x === null) return s.missingFirst ? -1 : 1
    if (y === null) return s.missingFirst ? 1 : -1
    if (x < y) return -s.order
    if (x > y) return s.order
  }
  return 0
}
