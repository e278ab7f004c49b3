/**
 * The target of a restore or copy, inspected with reads only: the flavour, whether the index exists (asked three
 * times: the median of those round trips is what the write estimate is built on), its mapping, and the collection
 * type where the AOSS control plane answers.
 */
import {getMapping, indexExists} from '../cluster/get-index.js'
import {describeCollection} from '../cluster/collection.js'
import type {Client} from '../connection/client.js'
import {probeServer} from '../connection/flavour.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {judgeTarget, type TargetFacts, type TargetJudgement, type WriteIntent} from './target-facts.js'

export interface TargetPlan extends Omit<TargetFacts, 'mappings'>, TargetJudgement {
  /** Median round trip of the `HEAD <index>` probes, in ms. */
  roundTripMs: number
  probeRequests: number
}

const ROUND_TRIPS = 3

export async function inspectTarget(client: Client, settings: ConnectionSettings, index: string, intent: WriteIntent): Promise<TargetPlan> {
  const server = await probeServer(client, settings)
  const times: number[] = []
  let exists = false
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const started = performance.now()
    exists = await indexExists(client, index)
    times.push(performance.now() - started)
  }

  const mappings = exists ? await getMapping(client, index) : undefined
  const collectionType = server.flavour === 'serverless' ? (await describeCollection(settings))?.type?.toLowerCase() : undefined
  const facts: TargetFacts = {index, flavour: server.flavour, exists, ...(collectionType ? {collectionType} : {}), ...(mappings ? {mappings} : {})}
  const roundTripMs = Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]! * 10) / 10
  const {mappings: _mappings, ...shown} = facts
  return {...shown, ...judgeTarget(facts, intent), roundTripMs, probeRequests: ROUND_TRIPS}
}

/** `_bulk` requests in rounds of `concurrency`, each at least one round trip: a floor, since indexing is not measured. */
export function writeFloorMs(requests: number, concurrency: number, roundTripMs: number): number {
  return Math.round(Math.ceil(requests / Math.max(1, concurrency)) * roundTripMs)
}
