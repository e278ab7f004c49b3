/**
 * `PUT <index>` the way every flavour takes it: settings the flavour refuses are dropped (and reported), an
 * existing index is accepted when asked, and on OpenSearch Serverless the call returns only once the index
 * accepts writes.
 */
import type {Client} from '../connection/client.js'
import type {Flavour} from '../connection/flavour.js'
import {indexPath} from '../connection/paths.js'
import {explainRefusal, refusalOf} from '../server-refusal.js'
import type {CreateBody} from './create-body.js'
import {indexExists} from './get-index.js'
import {settingsForFlavour} from './settings-filter.js'
import {waitUntilWritable} from './wait-writable.js'

export interface CreateIndexOptions {
  index: string
  body: CreateBody
  flavour: Flavour
  /** Succeed without change when the index exists already. */
  ifNotExists?: boolean
  /** Serverless: wait until the new index accepts writes (default true). */
  waitWritable?: boolean
  waitTimeoutMs?: number
  /** Called when the wait for writability starts (for a progress note). */
  onWaiting?: () => void
}

export interface CreateIndexResult {
  index: string
  /** False when --if-not-exists found the index already there. */
  created: boolean
  acknowledged: boolean
  /** Every setting left out (dotted names): read-only ones and those the flavour refuses. */
  droppedSettings: string[]
  /** The subset of droppedSettings the flavour refuses (shards, replicas on serverless). */
  refusedByFlavour: string[]
  /** How long the index took to accept writes after the acknowledgement (serverless). */
  writableAfterMs?: number
}

export async function createIndex(client: Client, options: CreateIndexOptions): Promise<CreateIndexResult> {
  const {index, flavour} = options
  const filtered = settingsForFlavour(options.body.settings, flavour)
  const body: CreateBody = {...options.body}
  if (options.body.settings) body.settings = filtered.settings
  if (body.settings && Object.keys(body.settings).length === 0) delete body.settings
  const dropped = {droppedSettings: filtered.dropped, refusedByFlavour: filtered.refusedByFlavour}
  const unchanged = {index, created: false, acknowledged: true, ...dropped}

  if (options.ifNotExists && (await indexExists(client, index))) return unchanged

  let acknowledged: boolean
  try {
    const response = await client.transport.request({method: 'PUT', path: indexPath(index), body})
    acknowledged = Boolean((response.body as {acknowledged?: boolean})?.acknowledged ?? true)
  } catch (error) {
    // Someone else created it between the check and the create: still what was asked for.
    if (options.ifNotExists && refusalOf(error).type === 'resource_already_exists_exception') return unchanged
    throw explainRefusal(error, {topic: 'index', index, action: `creating index ${index}`})
  }

  let writableAfterMs: number | undefined
  if (flavour === 'serverless' && options.waitWritable !== false) {
    options.onWaiting?.()
    writableAfterMs = (await waitUntilWritable(client, index, {timeoutMs: options.waitTimeoutMs})).waitedMs
  }

  return {index, created: true, acknowledged, ...dropped, writableAfterMs}
}
