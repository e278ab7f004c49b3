/**
 * From export flags to reader options: the query (a DSL file, stdin or a Lucene string), the field list and
 * the slice count. Kept out of the command so it stays a doorway.
 */
import {parseFields, dslToBody, textToQuery} from '../documents/query.js'
import {readQueryOption} from '../documents/query-option.js'
import {usageError} from '../errors.js'

/** `--query`: a DSL file, stdin or inline JSON (a whole search body or a bare clause), or a Lucene string. */
export async function loadQuery(value: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (value === undefined) return undefined
  const option = await readQueryOption(value)
  if ('dsl' in option) {
    const body = dslToBody(option.dsl)
    const extra = Object.keys(body).filter((key) => key !== 'query')
    if (extra.length > 0) {
      throw usageError(`--query may hold only a query for export (found ${extra.join(', ')})`, 'Use --sort, --fields and --max-docs for the rest.')
    }

    return body.query as Record<string, unknown> | undefined
  }

  return textToQuery(option.lucene, true)
}

export {parseFields}

/**
 * `auto`: 4 slices. Pages on AOSS take 100–300 ms, nearly all of it waiting; four requests in flight keep the
 * wire busy while one core parses and writes (see bench/export.bench.ts). More rarely helps and costs the
 * cluster memory; a strategy that cannot slice reads with one anyway.
 */
export const AUTO_SLICES = 4

export function resolveSlices(flag: string | undefined): number {
  if (flag === undefined || flag === 'auto') return AUTO_SLICES
  const n = Number(flag)
  if (!Number.isInteger(n) || n < 1 || n > 64) throw usageError(`--slices must be a number from 1 to 64, or auto (got "${flag}")`)
  return n
}
