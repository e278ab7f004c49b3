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
  /**
   * Pass as --search-after to get the next page (present when sorted and the page was full): the whole sort tuple,
   * tiebreaker included, so hits that tie on the user's fields are neither skipped nor repeated.
   */
  next?: unknown[]
  /** Unsorted pages have no search_after position: the next --from, while it stays inside the 10,000-hit window. */
  nextFrom?: number
  /** Unsorted and the next page lies past the from/size window: sorting is the only way on. */
  sortToContinue?: boolean
}

export const DEFAULT_SIZE = 10

/** index.max_result_window's default: from + size may not pass it. */
const RESULT_WINDOW = 10_000

/**
 * A sorted page resumes strictly after the last hit's sort values, so the sort must not tie: two hits with the same
 * price on a page boundary would lose one of them. `_id` is appended (after `_index` when the expression may name
 * several indices, where an id can repeat), as export does.
 */
export function withTiebreaker(sort: SortClause, index: string, indexTiebreak = true): SortClause {
  const keys = new Set(sort.flatMap((clause) => (typeof clause === 'string' ? [clause] : Object.keys(clause))))
  const order = [...sort]
  if (indexTiebreak && (index.includes(',') || index.includes('*')) && !keys.has('_index')) order.push({_index: {order: 'asc'}})
  if (!keys.has('_id')) order.push({_id: {order: 'asc'}})
  return order
}

type SortClause = ReturnType<typeof parseSort>

export function buildSearchBody(options: SearchOptions, indexTiebreak = true): Record<string, unknown> {
  const body = queryFrom(options)
  if (options.size !== undefined) body.size = options.size
  else if (body.size === undefined) body.size = DEFAULT_SIZE
  if (options.from !== undefined) body.from = options.from
  if (options.fields) body._source = options.fields
  if (options.sort && options.sort.length > 0) body.sort = withTiebreaker(parseSort(options.sort), options.index, indexTiebreak)
  if (options.searchAfter !== undefined) {
    if (!body.sort) throw usageError('--search-after needs --sort', 'Copy the whole "next page" line the previous page printed, e.g. --sort price:desc --search-after \'[59.9,"SKU-00042"]\'')
    if (!Array.isArray(options.searchAfter)) throw usageError('--search-after must be a JSON array of sort values, e.g. \'[59.9,"SKU-00042"]\'')
    if (options.from) throw usageError('--search-after and --from cannot be combined')
    const fields = (body.sort as SortClause).map((clause) => (typeof clause === 'string' ? clause : Object.keys(clause)[0]))
    if (options.searchAfter.length !== fields.length) {
      throw usageError(
        `--search-after has ${options.searchAfter.length} value${options.searchAfter.length === 1 ? '' : 's'} but the sort has ${fields.length} (${fields.join(', ')})`,
        'A tiebreaker is added to every sort; copy the whole value printed after "next page:".',
      )
    }

    body.search_after = options.searchAfter
  }

  // The 10,000-hit window is the server's to enforce (index.max_result_window may be raised); its refusal is
  // explained in server-refusal.ts with the --search-after way out.
  const wantsHighlight = options.highlight !== false && body.highlight === undefined && !isMatchAll(body.query)
  if (wantsHighlight) body.highlight = {fields: {'*': {}}, fragment_size: 80, number_of_fragments: 2}
  return body
}

export async function search(client: Client, options: SearchOptions): Promise<SearchPage> {
  let body = buildSearchBody(options)
  let answer: any
  try {
    answer = await send(client, options.index, body)
  } catch (error) {
    const refusal = explainRefusal(error, {topic: 'search', index: options.index, action: `searching ${options.index}`})
    // Some servers refuse to sort on `_index`; `_id` alone still pages exactly unless an id repeats across indices.
    const usedIndexSort = Array.isArray(body.sort) && (body.sort as SortClause).some((c) => typeof c === 'object' && '_index' in c)
    if (!(usedIndexSort && refusal.statusCode === 400 && /\[_index\]/.test(refusal.message))) throw refusal
    body = buildSearchBody(options, false)
    answer = await send(client, options.index, body).catch((retryError: unknown) => {
      throw explainRefusal(retryError, {topic: 'search', index: options.index, action: `searching ${options.index}`})
    })
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
    ...nextPage(body, hits, last),
  }
}

function nextPage(body: Record<string, unknown>, hits: SearchHit[], last: SearchHit | undefined): Pick<SearchPage, 'next' | 'nextFrom' | 'sortToContinue'> {
  const size = body.size as number
  if (size === 0 || hits.length < size) return {}
  if (body.sort) return last?.sort ? {next: last.sort} : {}
  const nextFrom = ((body.from as number | undefined) ?? 0) + hits.length
  return nextFrom + size <= RESULT_WINDOW ? {nextFrom} : {sortToContinue: true}
}

async function send(client: Client, index: string, body: Record<string, unknown>): Promise<any> {
  // Read as text: each hit's `_source` keeps the digits the server sent (exact-answer.ts).
  const response = await requestExact(client, {method: 'POST', path: targetPath(index, '_search'), body})
  return response.body
}

function isMatchAll(query: unknown): boolean {
  return typeof query === 'object' && query !== null && 'match_all' in query
}
