/**
 * After writing: does the target hold what was written? On OpenSearch Serverless new documents become visible
 * 10–60 s after they are acknowledged and there is no `_refresh` (aoss-facts §2, §3), so the count is polled for a
 * bounded time; elsewhere a refresh makes them visible at once.
 */
import {setTimeout as sleep} from 'node:timers/promises'

import type {Client} from '../connection/client.js'
import type {Flavour} from '../connection/flavour.js'
import {indexPath} from '../connection/paths.js'
import {countDocuments} from '../documents/count.js'
import {isAossError} from '../errors.js'

export interface CountCheckOptions {
  index: string
  flavour: Flavour
  /** The count to reach. */
  expected: number
  /** How long to keep polling (serverless) before giving up. */
  timeoutMs: number
  intervalMs?: number
  signal?: AbortSignal
  onWait?: (count: number, expected: number) => void
}

export interface CountCheck {
  count: number
  expected: number
  matched: boolean
  waitedMs: number
}

/** Documents in `index` now; 0 when it does not exist yet. */
export async function currentCount(client: Client, index: string): Promise<number> {
  try {
    return (await countDocuments(client, {index})).count
  } catch (error) {
    if (isAossError(error) && (error.code === 'INDEX_NOT_FOUND' || error.code === 'NOT_FOUND')) return 0
    throw error
  }
}

export async function checkCount(client: Client, options: CountCheckOptions): Promise<CountCheck> {
  const started = Date.now()
  if (options.flavour !== 'serverless') {
    // Best effort: a principal may lack the refresh permission; polling still settles within the refresh interval.
    await client.transport.request({method: 'POST', path: indexPath(options.index, '_refresh')}, {ignore: [403, 404]}).catch(() => {})
  }

  const interval = options.intervalMs ?? 2000
  for (;;) {
    const count = await currentCount(client, options.index)
    const waitedMs = Date.now() - started
    if (count >= options.expected) return {count, expected: options.expected, matched: true, waitedMs}
    if (waitedMs + interval > options.timeoutMs || options.signal?.aborted) return {count, expected: options.expected, matched: false, waitedMs}
    options.onWait?.(count, options.expected)
    await sleep(interval, undefined, {signal: options.signal}).catch(() => {})
  }
}
