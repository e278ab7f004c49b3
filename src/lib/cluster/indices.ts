/**
 * Index listing from `_cat/indices`, the one listing AOSS documents (aoss-facts §2, [S1]). Columns are read by
 * name because which ones AOSS fills is not documented; a missing or empty column becomes `undefined`.
 */
import type {Client} from '../connection/client.js'
import {targetPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'

export interface IndexRow {
  index: string
  health?: 'green' | 'yellow' | 'red' | string
  status?: string
  docs?: number
  storeBytes?: number
  primaries?: number
  replicas?: number
}

export interface ListIndicesOptions {
  /** An index name, comma list or wildcard pattern; all indexes when absent. */
  pattern?: string
  /** Include hidden and system indexes (names starting with a dot). */
  all?: boolean
}

export async function listIndices(client: Client, options: ListIndicesOptions = {}): Promise<IndexRow[]> {
  const path = options.pattern ? `/_cat/indices${targetPath(options.pattern)}` : '/_cat/indices'
  let rows: Array<Record<string, string | null>>
  try {
    const response = await client.transport.request({
      method: 'GET',
      path,
      querystring: {format: 'json', bytes: 'b', h: 'health,status,index,docs.count,store.size,pri,rep', ...(options.all ? {expand_wildcards: 'all'} : {})},
    })
    rows = Array.isArray(response.body) ? response.body : []
  } catch (error) {
    throw toAossError(error, {action: 'listing indexes', index: options.pattern})
  }

  return rows
    .map((row) => ({
      index: String(row.index),
      health: text(row.health),
      status: text(row.status),
      docs: count(row['docs.count']),
      storeBytes: count(row['store.size']),
      primaries: count(row.pri),
      replicas: count(row.rep),
    }))
    .filter((row) => options.all || !row.index.startsWith('.'))
    .sort((a, b) => a.index.localeCompare(b.index))
}

function text(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value
}

function count(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}
