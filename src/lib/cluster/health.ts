/**
 * The dashboard's data: reachability, flavour, cluster status where the API exists, and every index.
 * On AOSS there is no cluster health (`_cluster/health` answers 404, aoss-facts §4): the status there is
 * "green" when the collection answers and its index listing works.
 */
import type {Client} from '../connection/client.js'
import {type Flavour, probeServer} from '../connection/flavour.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {toAossError} from '../connection/translate.js'
import {AossError} from '../errors.js'
import {type CollectionStatus, describeCollection} from './collection.js'
import {type IndexRow, listIndices} from './indices.js'

export type HealthStatus = 'green' | 'yellow' | 'red'

export interface ClusterHealth {
  name?: string
  status: HealthStatus
  nodes?: number
  dataNodes?: number
  activeShards?: number
  relocatingShards?: number
  initializingShards?: number
  unassignedShards?: number
}

export interface HealthReport {
  endpoint: string
  flavour: Flavour
  /** The SigV4 service, when requests are signed. */
  service?: ConnectionSettings['service']
  auth: ConnectionSettings['auth']
  region?: string
  reachable: true
  latencyMs: number
  version?: string
  /** Overall status: the cluster's own on managed/self-managed, derived from reachability on AOSS. */
  status: HealthStatus
  cluster?: ClusterHealth
  collection?: CollectionStatus
  indices: IndexRow[]
  totals: {indices: number, docs: number, storeBytes: number}
  notes: string[]
}

export interface HealthOptions {
  all?: boolean
  /** Ask the AOSS control plane for the collection's status (needs aoss:BatchGetCollection). */
  controlPlane?: boolean
}

export async function getHealth(client: Client, settings: ConnectionSettings, options: HealthOptions = {}): Promise<HealthReport> {
  const server = await probeServer(client, settings)
  const notes: string[] = []

  const [cluster, indices, collection] = await Promise.all([
    server.flavour === 'serverless' ? undefined : clusterHealth(client),
    listIndices(client, {all: options.all}),
    server.flavour === 'serverless' && options.controlPlane !== false ? describeCollection(settings) : undefined,
  ])

  if (server.flavour === 'serverless') {
    notes.push('OpenSearch Serverless has no cluster health API; status reflects reachability and the index listing.')
  }

  if (collection?.note) notes.push(collection.note)

  let status: HealthStatus = cluster?.status ?? 'green'
  if (collection?.status && collection.status !== 'ACTIVE') status = collection.status === 'FAILED' ? 'red' : 'yellow'

  return {
    endpoint: settings.endpoint,
    flavour: server.flavour,
    service: settings.auth === 'sigv4' ? settings.service : undefined,
    auth: settings.auth,
    region: settings.region,
    reachable: true,
    latencyMs: server.latencyMs,
    version: server.version,
    status,
    cluster: cluster ? {...cluster, name: server.clusterName ?? cluster.name} : undefined,
    collection: collection?.status ? collection : undefined,
    indices,
    totals: {
      indices: indices.length,
      docs: indices.reduce((sum, row) => sum + (row.docs ?? 0), 0),
      storeBytes: indices.reduce((sum, row) => sum + (row.storeBytes ?? 0), 0),
    },
    notes,
  }
}

async function clusterHealth(client: Client): Promise<ClusterHealth> {
  try {
    const {body} = await client.transport.request({method: 'GET', path: '/_cluster/health'})
    return {
      name: body.cluster_name,
      status: body.status,
      nodes: body.number_of_nodes,
      dataNodes: body.number_of_data_nodes,
      activeShards: body.active_shards,
      relocatingShards: body.relocating_shards,
      initializingShards: body.initializing_shards,
      unassignedShards: body.unassigned_shards,
    }
  } catch (error) {
    throw toAossError(error, {action: 'reading cluster health'})
  }
}

const ORDER: Record<HealthStatus, number> = {green: 0, yellow: 1, red: 2}

/** True when `status` is at or below the `failOn` threshold (red fails on red; yellow fails on yellow and red). */
export function failsGate(status: HealthStatus, failOn: HealthStatus | 'never'): boolean {
  return failOn !== 'never' && ORDER[status] >= ORDER[failOn]
}

/** The failure `--fail-on` asks for, or undefined when the status passes the gate. */
export function healthVerdict(report: HealthReport, failOn: HealthStatus | 'never'): AossError | undefined {
  if (!failsGate(report.status, failOn)) return undefined
  return new AossError('INCOMPLETE', `status is ${report.status} (fails --fail-on ${failOn})`, {
    hints: report.status === 'red' ? ['Some primary shards are unassigned: their documents cannot be read.'] : [],
    details: {status: report.status},
  })
}
