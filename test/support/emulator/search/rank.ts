/**
 * Ranking: filter a doc set by query and slice, score, and sort once. Results are cached per
 * (doc set, query, sort, slice) because a PIT snapshot never changes and an index view changes only
 * with its generation; paging with search_after is then a binary search, not a re-sort.
 */
import {illegalArgument} from '../errors.js'
import type {Mappings} from '../mappings.js'
import {compileQuery} from '../query/compile.js'
import {QueryContext} from '../query/context.js'
import {valuesAt} from '../query/values.js'
import type {StoredDoc} from '../types.js'
import {checkSorts, compareKeys, parseSort, sortKey, type SortKey, type SortSpec} from './sort.js'

export interface RankedEntry {
  doc: StoredDoc
  score: number
  keys: SortKey[]
}

export interface Ranked {
  entries: RankedEntry[]
  /** The requested sort (empty = relevance); search_after and returned `sort` values follow it. */
  specs: SortSpec[]
  types: Array<string | undefined>
  sortedByScore: boolean
  maxScore: number | null
  ctx: QueryContext
}

export interface DocSet {
  /** Identity for caching: changes whenever the docs do. */
  key: string
  docs: readonly StoredDoc[]
  indexNames: string[]
  mappingsOf: (index: string) => Mappings
}

export interface RankRequest {
  query: unknown
  sort: unknown
  slice?: {id: number; max: number; field?: string}
  shardDocAllowed: boolean
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Slice membership: a doc is in exactly one of `max` slices (hash of _id, or the field's value). */
function sliceOf(doc: StoredDoc, field: string | undefined, max: number): number {
  if (field === undefined || field === '_id') return fnv1a(doc.id) % max
  const value = valuesAt(doc.source, field)[0]
  if (typeof value === 'number') return Math.abs(Math.floor(value)) % max
  return value === undefined ? 0 : fnv1a(String(value)) % max
}

export function validateSlice(slice: unknown): RankRequest['slice'] {
  if (slice === undefined || slice === null) return undefined
  const s = slice as Record<string, unknown>
  const id = Number(s.id)
  const max = Number(s.max)
  if (!(max > 1)) throw illegalArgument('max must be greater than 1')
  if (!(id >= 0)) throw illegalArgument('id must be greater than or equal to 0')
  if (id >= max) throw illegalArgument('max must be greater than id')
  return {id, max, field: typeof s.field === 'string' ? s.field : undefined}
}

export class RankCache {
  private readonly entries = new Map<string, Ranked>()
  constructor(private readonly capacity = 16) {}

  get(key: string): Ranked | undefined {
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, hit)
    }
    return hit
  }

  set(key: string, value: Ranked): void {
    this.entries.set(key, value)
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
  }

  clear(): void {
    this.entries.clear()
  }
}

export function rank(set: DocSet, req: RankRequest, cache: RankCache, now: number): Ranked {
  const cacheKey = set.key + '\u0000' + JSON.stringify([req.query ?? null, req.sort ?? null, req.slice ?? null])
  const cached = cache.get(cacheKey)
  if (cached !== undefined) return cached

  const ctx = new QueryContext(set.mappingsOf, set.docs, now)
  const matcher = compileQuery(req.query, ctx)
  const specs = parseSort(req.sort)
  const types = checkSorts(specs, set.indexNames, ctx, req.shardDocAllowed)
  const sortedByScore = specs.length === 0 || specs[0]!.kind === 'score'
  const needsScore = specs.length === 0 || specs.some((s) => s.kind === 'score')

  const entries: RankedEntry[] = []
  let maxScore = -Infinity
  const slice = req.slice
  for (const doc of set.docs) {
    if (slice !== undefined && sliceOf(doc, slice.field, slice.max) !== slice.id) continue
    const score = matcher(doc)
    if (score === undefined) continue
    if (score > maxScore) maxScore = score
    const keys = specs.map((s, i) => sortKey(s, types[i], doc, score, ctx))
    entries.push({doc, score, keys})
  }

  // The implicit final tiebreak is doc order, as a shard's doc id would be.
  if (specs.length === 0) entries.sort((a, b) => b.score - a.score || a.doc.ord - b.doc.ord)
  else if (!(specs.length === 1 && specs[0]!.kind === 'doc' && specs[0]!.order === 1)) {
    entries.sort((a, b) => compareKeys(specs, a.keys, b.keys) || a.doc.ord - b.doc.ord)
  }

  const ranked: Ranked = {entries, specs, types, sortedByScore, maxScore: needsScore && entries.length > 0 ? maxScore : null, ctx}
  cache.set(cacheKey, ranked)
  return ranked
}

/** First entry strictly after the search_after values: ties with them are skipped, as in OpenSearch. */
export function searchAfterStart(ranked: Ranked, after: SortKey[]): number {
  const {entries, specs} = ranked
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareKeys(specs, entries[mid]!.keys, after) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
