/**
 * OpenSearch Serverless acknowledges `PUT <index>` before the index accepts writes; the first writes can fail
 * with index_not_found_exception for seconds (aoss-facts §2 last bullet, [S29]). This waits until it accepts them.
 *
 * The probe deletes a document id that cannot exist. It has no side effect (no document, no mapping change,
 * works on every collection type) and tells the two states apart: a fresh index answers
 * index_not_found_exception, a writable one answers 404 `result: not_found`.
 */
import {randomUUID} from 'node:crypto'
import {setTimeout as sleep} from 'node:timers/promises'

import type {Client} from '../connection/client.js'
import {docPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'
import {AossError} from '../errors.js'

export interface WaitWritableOptions {
  /** Give up after this long (default 60 s; flink-agents waits ~15 s, [S24]). */
  timeoutMs?: number
  /** Pause between probes (default 500 ms). */
  intervalMs?: number
  signal?: AbortSignal
}

export interface WaitWritableResult {
  waitedMs: number
  probes: number
}

export async function waitUntilWritable(client: Client, index: string, options: WaitWritableOptions = {}): Promise<WaitWritableResult> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const intervalMs = options.intervalMs ?? 500
  const started = Date.now()
  const path = docPath(index, `aoss-writable-probe-${randomUUID()}`)
  for (let probes = 1; ; probes++) {
    let response
    try {
      response = await client.transport.request({method: 'DELETE', path}, {ignore: [404]})
    } catch (error) {
      throw toAossError(error, {index, action: `waiting for ${index} to accept writes`})
    }

    const type = (response.body as {error?: {type?: string}} | undefined)?.error?.type
    if (type !== 'index_not_found_exception') return {waitedMs: Date.now() - started, probes}
    if (Date.now() - started + intervalMs > timeoutMs || options.signal?.aborted) {
      throw new AossError('TIMEOUT', `index ${index} was created but still refuses writes after ${Math.round((Date.now() - started) / 1000)} s`, {
        hints: ['OpenSearch Serverless can take a minute before a new index accepts writes; try again shortly.'],
        details: {index, probes},
      })
    }

    await sleep(intervalMs, undefined, {signal: options.signal}).catch(() => {})
  }
}
