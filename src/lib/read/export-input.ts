/**
 * From export flags to reader options: the query (a DSL file, stdin or a Lucene string), the field list and
 * the slice count. Kept out of the command so it stays a doorway.
 */
import {parseFields, dslToBody, textToQuery} from '../documents/query.js'
import {readQueryOption} from '../documents/query-option.js'
import {usageError} from '../errors.js'
import {DEFAULT_MAX_SLICES} from './reader.js'

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
 * `--slices`: a number means exactly that many; `auto` (the default) cuts the snapshot into `--max-slices` slices
 * and lets an AIMD limit choose how many of them read at once (flow/aimd.ts): two at first, more while the
 * aggregate docs/s rises and pages stay fast and unthrottled, fewer on 429/503 or rising latency. A strategy that
 * cannot slice reads with one anyway.
 */
export function resolveSlices(flag: string | undefined, maxSlices = DEFAULT_MAX_SLICES): {slices: number, adaptive: boolean} {
  if (flag === undefined || flag === 'auto') {
    if (!Number.isInteger(maxSlices) || maxSlices < 1 || maxSlices > 64) throw usageError(`--max-slices must be a number from 1 to 64 (got ${maxSlices})`)
    return {slices: maxSlices, adaptive: maxSlices > 1}
  }

  const n = Number(flag)
  if (!Number.isInteger(n) || n < 1 || n > 64) throw usageError(`--slices must be a number from 1 to 64, or auto (got "${flag}")`)
  return {slices: n, adaptive: false}
}
