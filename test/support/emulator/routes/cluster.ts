/**
 * Cluster-level routes. AOSS has none of them: `GET /`, `_cluster/*`, `_nodes/*` answer 404 with an
 * empty body [S16][S17][S18]; managed answers like an OpenSearch domain.
 */
import {emptyReply, jsonReply, type Reply, type RequestContext} from '../http.js'

export const CLUSTER_NAME = '123456789012:emulator'

export function root(ctx: RequestContext): Reply {
  if (ctx.core.serverless) return emptyReply(404)
  return jsonReply(200, {
    name: 'emulator-node',
    cluster_name: CLUSTER_NAME,
    cluster_uuid: 'emulatorClusterUuid0000',
    version: {
      distribution: 'opensearch',
      number: ctx.core.opts.version,
      build_type: 'tar',
      build_hash: 'unknown',
      build_date: '2024-01-01T00:00:00.000000Z',
      build_snapshot: false,
      lucene_version: '9.11.1',
      minimum_wire_compatibility_version: '7.10.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'The OpenSearch Project: https://opensearch.org/',
  })
}

export function clusterHealth(ctx: RequestContext): Reply {
  if (ctx.core.serverless) return emptyReply(404)
  const indices = ctx.params.index === undefined ? [...ctx.core.state.indices.values()] : ctx.core.resolve(ctx.params.index)
  const primaries = indices.length
  return jsonReply(200, {
    cluster_name: CLUSTER_NAME,
    status: 'green',
    timed_out: false,
    number_of_nodes: 3,
    number_of_data_nodes: 3,
    discovered_master: true,
    discovered_cluster_manager: true,
    active_primary_shards: primaries,
    active_shards: primaries * 2,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: 100.0,
  })
}

/** Any other `_cluster/*` or `_nodes/*` path: 404 on AOSS, a minimal body on managed. */
export function clusterOther(ctx: RequestContext): Reply {
  if (ctx.core.serverless) return emptyReply(404)
  return jsonReply(200, {cluster_name: CLUSTER_NAME, _nodes: {total: 3, successful: 3, failed: 0}, nodes: {}})
}
