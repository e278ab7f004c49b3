/**
 * One search over a doc set: validates paging, ranks (cached), finds the page, and renders the
 * response by string concatenation of stored `_source` text (cheap for 1,000-hit pages).
 */
import {illegalArgument, searchPhaseError} from '../errors.js'
import type {StoredDoc} from '../types.js'
import {highlightDoc} from './highlight.js'
import {rank, searchAfterStart, type DocSet, type Ranked, type RankCache, type RankRequest} from './rank.js'
import {coerceKey, type SortKey} from './sort.js'
import {filterSource, parseSourceFilter, type SourceFilter} from './source-filter.js'

type Obj = Record<string, unknown>

export const DEFAULT_WINDOW = 10_000
export const DEFAULT_TRACK_TOTAL = 10_000

/** Folds URI parameters (q, size, from, sort, track_total_hits) into the body, URI winning as in OpenSearch. */
export function searchBody(body: Obj | undefined, uri: URLSearchParams): Obj {
  const out: Obj = {...(body ?? {})}
  if (uri.has('q')) {
    out.query = {query_string: {query: uri.get('q'), default_field: uri.get('df') ?? '*', default_operator: uri.get('default_operator') ?? 'or'}}
  }
  for (const key of ['size', 'from']) if (uri.has(key)) out[key] = Number(uri.get(key))
  if (uri.has('sort')) out.sort = uri.get('sort')
  if (uri.has('track_total_hits')) {
    const v = uri.get('track_total_hits')!
    out.track_total_hits = v === 'true' || v === '' ? true : v === 'false' ? false : Number(v)
  }
  if (uri.has('track_scores')) out.track_scores = uri.get('track_scores') !== 'false'
  if (uri.has('version')) out.version = uri.get('version') !== 'false'
  if (uri.has('seq_no_primary_term')) out.seq_no_primary_term = uri.get('seq_no_primary_term') !== 'false'
  return out
}

export interface RenderOptions {
  sourceFilter: SourceFilter | undefined
  highlight: Obj | undefined
  trackScores: boolean
  version: boolean
  seqNo: boolean
  trackTotal: boolean | number
  totalAsInt: boolean
  shards: number
}

export interface PageRequest {
  ranked: Ranked
  render: RenderOptions
  from: number
  size: number
}

export function renderOptions(body: Obj, uri: URLSearchParams, shards: number): RenderOptions {
  return {
    sourceFilter: parseSourceFilter(body._source, uri),
    highlight: body.highlight as Obj | undefined,
    trackScores: body.track_scores === true,
    version: body.version === true,
    seqNo: body.seq_no_primary_term === true,
    trackTotal: (body.track_total_hits as boolean | number | undefined) ?? DEFAULT_TRACK_TOTAL,
    totalAsInt: uri.get('rest_total_hits_as_int') === 'true',
    shards,
  }
}

export interface Prepared {
  ranked: Ranked
  render: RenderOptions
  from: number
  size: number
  start: number
}

/** Validation and ranking shared by search, PIT search and the first page of a scroll. */
export function prepareSearch(set: DocSet, body: Obj, uri: URLSearchParams, cache: RankCache, opts: {now: number; window: number; shardDocAllowed: boolean; scroll: boolean; slice: RankRequest['slice']}): Prepared {
  const size = body.size === undefined ? 10 : Number(body.size)
  const from = body.from === undefined ? 0 : Number(body.from)
  const index = set.indexNames[0] ?? null
  if (!Number.isInteger(size) || size < 0) throw illegalArgument(`[size] parameter cannot be negative, found [${String(body.size)}]`)
  if (!Number.isInteger(from) || from < 0) throw illegalArgument(`[from] parameter cannot be negative, found [${String(body.from)}]`)
  if (opts.scroll) {
    if (from > 0) throw illegalArgument('using [from] is not allowed in a scroll context')
    if (size > opts.window) {
      throw searchPhaseError(400, {type: 'illegal_argument_exception', reason: `Batch size is too large, size must be less than or equal to: [${opts.window}] but was [${size}]. Scroll batch sizes cost as much memory as result windows so they are controlled by the [index.max_result_window] index level setting.`}, index)
    }
  } else if (from + size > opts.window) {
    throw searchPhaseError(400, {type: 'illegal_argument_exception', reason: `Result window is too large, from + size must be less than or equal to: [${opts.window}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`}, index)
  }
  const ranked = rank(set, {query: body.query, sort: body.sort, slice: opts.slice, shardDocAllowed: opts.shardDocAllowed}, cache, opts.now)
  let start = from
  if (body.search_after !== undefined) {
    const after = body.search_after
    if (!Array.isArray(after)) throw illegalArgument('[search_after] must be an array')
    if (ranked.specs.length === 0) throw illegalArgument('Sort must contain at least one field.')
    if (after.length !== ranked.specs.length) {
      throw illegalArgument(`search_after has ${after.length} value(s) but sort has ${ranked.specs.length}.`)
    }
    if (from > 0) throw illegalArgument('`from` parameter must be set to 0 when `search_after` is used.')
    const keys: SortKey[] = after.map((v, i) => {
      const s = ranked.specs[i]!
      if (s.kind === 'id') return v === null ? null : String(v)
      if (s.kind !== 'field') return v === null ? null : Number(v)
      return coerceKey(ranked.types[i], v)
    })
    start = searchAfterStart(ranked, keys)
  }
  return {ranked, render: renderOptions(body, uri, set.indexNames.length), from, size, start}
}

function totalJson(total: number, track: boolean | number, asInt: boolean): string {
  if (track === false) return ''
  const cap = track === true ? Infinity : Number(track)
  const value = Math.min(total, cap)
  if (asInt) return `"total":${value},`
  return `"total":{"value":${value},"relation":"${total > cap ? 'gte' : 'eq'}"},`
}

function hitJson(doc: StoredDoc, score: number | null, keys: SortKey[] | undefined, o: RenderOptions, ranked: Ranked): string {
  let out = `{"_index":${JSON.stringify(doc.index)},"_id":${JSON.stringify(doc.id)}`
  if (o.version) out += `,"_version":${doc.version}`
  if (o.seqNo) out += `,"_seq_no":${doc.seqNo},"_primary_term":1`
  out += `,"_score":${score === null ? 'null' : score}`
  if (o.sourceFilter === undefined) out += `,"_source":${doc.sourceJson}`
  else if (o.sourceFilter.enabled) out += `,"_source":${filterSource(doc.source, o.sourceFilter)}`
  if (o.highlight !== undefined) {
    const h = highlightDoc(o.highlight, doc, ranked.ctx)
    if (h !== undefined) out += `,"highlight":${JSON.stringify(h)}`
  }
  if (keys !== undefined) out += `,"sort":${JSON.stringify(keys)}`
  return out + '}'
}

/** The response text for entries [start, start + size), with `head` fields (pit_id, _scroll_id) first. */
export function renderPage(p: {ranked: Ranked; render: RenderOptions; start: number; size: number}, took: number, head = ''): string {
  const {ranked, render: o} = p
  const sorted = ranked.specs.length > 0
  const scoresShown = ranked.sortedByScore || o.trackScores
  const end = Math.min(ranked.entries.length, p.start + p.size)
  const hits: string[] = new Array(Math.max(0, end - p.start))
  for (let i = p.start; i < end; i++) {
    const e = ranked.entries[i]!
    hits[i - p.start] = hitJson(e.doc, scoresShown ? e.score : null, sorted ? e.keys : undefined, o, ranked)
  }
  const maxScore = scoresShown ? ranked.maxScore : null
  return (
    `{${head}"took":${took},"timed_out":false,"_shards":{"total":${o.shards},"successful":${o.shards},"skipped":0,"failed":0},` +
    `"hits":{${totalJson(ranked.entries.length, o.trackTotal, o.totalAsInt)}"max_score":${maxScore === null ? 'null' : maxScore},"hits":[${hits.join(',')}]}}`
  )
}
