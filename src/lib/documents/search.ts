/**
 * One page of search results. Paging past the 10,000-hit from/size window (index.max_result_window) works with
 * `sort` + `search_after`, which AOSS supports (aoss-facts §2); scroll does not exist there.
 */
import type {Client} from '../connection/client.js'
import {targetPath} from '../connection/paths.js'
import {usageError} from '../errors.js'
import {explainRefusal} from '../server-refusal.js'
import {requestExact} from './exact-answer.js'
import {parseSort, type QueryInput, queryFrom} from './query.js'

/** A hit as the server returns it; `--json` prints exactly this, one per line. */
export interface SearchHit {
  _index: string
  _id: string
  _score: number | null
  _source?: Record<string, unknown>
  highlight?: Record<string, string[]>
  sort?: unknown[]
  [key: string]: unknown
}

export interface SearchOptions extends QueryInput {
  index: string
  /** `_source` includes. */
  fields?: string[]
  /** Hits per page (default 10). */
  size?: number
  from?: number
  /** e.g. ['price:desc', 'name']. */
  sort?: string[]
  /** The last hit's `sort` values from the previous page. */
  searchAfter?: unknown[]
  /** Ask for highlighted fragments of the matched text (default true). */
  highlight?: boolean
}

export interface SearchPage {
  index: string
  took: number
  timedOut: boolean
  total: {value: number, relation: 'eq' | 'gte'}
  hits: SearchHit[]
  shards: {total: number, successful: number, failed: number}
  /** Pass as --search-after to get the next page (present when sorted and the page was full). */
  next?: unknown[]
}

export const DEFAULT_SIZE = 10

export function buildSearchBody(options: SearchOptions): Record<string, unknown> {
  const body = queryFrom(options)
  if (options.size !== undefined) body.size = options.size
  else if (body.size === undefined) body.size = DEFAULT_SIZE
  if (options.from !== undefined) body.from = options.from
  if (options.fields) body._source = options.fields
  if (options.sort && options.sort.length > 0) body.sort = parseSort(options.sort)
  if (options.searchAfter !== undefined) {
    if (!body.sort) throw usageError('--search-after needs --sort', 'Sort on a unique field (or add one as a tiebreaker), e.g. --sort price:desc,sku')
    if (!Array.isArray(options.searchAfter)) throw usageError('--search-after must be a JSON array of sort values, e.g. \'[59.9,"SKU-00042"]\'')
    if (options.from) throw usageError('--search-after and --from cannot be combined')
    body.search_after = options.searchAfter
  }

  // The 10,000-hit window is the server's to enforce (index.max_result_window may be raised); its refusal is
  // explained in server-refusal.ts with the --search-after way out.
  const wantsHighlight = options.highlight !== false && body.highlight === undefined && !isMatchAll(body.query)
  if (wantsHighlight) body.highlight = {fields: {'*': {}}, fragment_size: 80, number_of_fragments: 2}
  return body
}

export async function search(client: Client, options: SearchOptions): Promise<SearchPage> {
  const body = buildSearchBody(options)
  let answer: any
  try {
    // Read as text: each hit's `_source` keeps the digits the server sent (exact-answer.ts).
    const response = await requestExact(client, {method: 'POST', path: targetPath(options.index, '_search'), body})
    answer = response.body
  } catch (error) {
    throw explainRefusal(error, {topic: 'search', index: options.index, action: `searching ${options.index}`})
  }

  const hits = (answer?.hits?.hits ?? []) as SearchHit[]
  const rawTotal = answer?.hits?.total
  const total = typeof rawTotal === 'number' ? {value: rawTotal, relation: 'eq' as const} : {value: rawTotal?.value ?? hits.length, relation: rawTotal?.relation ?? 'eq'}
  const last = hits.at(-1)
  return {
    index: options.index,
    took: answer?.took ?? 0,
    timedOut: Boolean(answer?.timed_out),
    total,
    hits,
    shards: {total: answer?._shards?.total ?? 0, successful: answer?._shards?.successful ?? 0, failed: answer?._shards?.failed ?? 0},
    next: body.sort && last?.sort && hits.length === body.size ? last.sort : undefined,
  }
}

function isMatchAll(query: unknown): boolean {
  return typeof query === 'object' && query !== null && 'match_all' in query
}
