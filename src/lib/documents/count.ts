/**
 * Counting documents (`<index>/_count`, documented for AOSS; `_cat/count` is not, aoss-facts §2). On AOSS the
 * count lags writes by up to a minute (no refresh to force).
 */
import type {Client} from '../connection/client.js'
import {targetPath} from '../connection/paths.js'
import {explainRefusal} from '../server-refusal.js'
import {type QueryInput, queryFrom} from './query.js'

export interface CountOptions extends QueryInput {
  index: string
}

export interface CountResult {
  index: string
  count: number
}

export async function countDocuments(client: Client, options: CountOptions): Promise<CountResult> {
  const {query} = queryFrom(options)
  try {
    return {index: options.index, count: await countMatching(client, options.index, query)}
  } catch (error) {
    throw explainRefusal(error, {topic: 'search', index: options.index, action: `counting ${options.index}`})
  }
}

/**
 * The `_count` request alone, for callers that already hold a query clause (the export reader). Errors are the
 * client's own, so each caller translates them the way its command reports them.
 */
export async function countMatching(client: Client, index: string, query: unknown): Promise<number> {
  const {body} = await client.transport.request({method: 'POST', path: targetPath(index, '_count'), body: {query}})
  return Number((body as {count?: number}).count ?? 0)
}
