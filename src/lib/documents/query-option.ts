/**
 * One query vocabulary for every command that takes a query (search, count, export, backup): `--query VALUE`,
 * where VALUE is a Query DSL file, `-` for stdin, inline JSON, or a Lucene query string (`category:footwear AND
 * price:<50`, like the URI `q=` parameter).
 */
import {statSync} from 'node:fs'

import {AossError, usageError} from '../errors.js'
import {parseJson, readJsonFile} from '../io/json-input.js'

export type QueryOption = {dsl: unknown} | {lucene: string}

export async function readQueryOption(value: string): Promise<QueryOption> {
  if (value === '-') return {dsl: await readJsonFile('-')}
  if (value.trimStart().startsWith('{')) return {dsl: parseJson(value, '--query')}
  if (isFile(value)) return {dsl: await readJsonFile(value)}
  // A value that can only be a path is a missing file, not a query that matches nothing.
  if (/\.json$/i.test(value) || (/[/\\]/.test(value) && !value.includes(':'))) {
    throw new AossError('NOT_FOUND', `file not found: ${value}`, {hints: ['--query takes a Query DSL file, - for stdin, inline JSON, or a Lucene query string.']})
  }

  return {lucene: value}
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** search's and count's QUERY argument and `--query` together, as their requests take them. */
export async function queryInput(text: string | undefined, lucene: boolean | undefined, option: string | undefined): Promise<{text?: string, lucene?: boolean, dsl?: unknown}> {
  if (option === undefined) return {text, lucene}
  if (text !== undefined) throw usageError('give either QUERY or --query, not both', 'QUERY is a query string; --query is a DSL file, inline JSON or a Lucene string.')
  const read = await readQueryOption(option)
  return 'dsl' in read ? {dsl: read.dsl} : {text: read.lucene, lucene: true}
}
