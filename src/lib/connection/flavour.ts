/**
 * Which kind of OpenSearch is on the other end. Decided by asking, not by guessing from the signing service:
 * AOSS answers `GET /` with 404, an empty body and `server: aoss-amazon` (aoss-facts §1, [S16]).
 */
import type {Client} from './client.js'
import {hostFacts} from './endpoint.js'
import type {ConnectionSettings} from './settings.js'
import {toAossError} from './translate.js'

export type Flavour = 'serverless' | 'managed' | 'self-managed'

export interface ServerInfo {
  flavour: Flavour
  /** Round trip of the probe, in milliseconds. */
  latencyMs: number
  clusterName?: string
  version?: string
  distribution?: string
}

export async function probeServer(client: Client, settings: ConnectionSettings): Promise<ServerInfo> {
  const started = performance.now()
  let response
  try {
    response = await client.transport.request({method: 'GET', path: '/'}, {ignore: [404]})
  } catch (error) {
    throw toAossError(error, {endpoint: settings.endpoint, action: 'probing the endpoint'})
  }

  const latencyMs = Math.round(performance.now() - started)
  const server = String(response.headers?.server ?? '')
  if (response.statusCode === 404 || server === 'aoss-amazon') return {flavour: 'serverless', latencyMs}

  const body = (response.body ?? {}) as {cluster_name?: string, version?: {number?: string, distribution?: string}}
  const host = new URL(settings.endpoint).hostname
  const managed = hostFacts(host).service === 'es' || (settings.auth === 'sigv4' && settings.service === 'es')
  return {
    flavour: managed ? 'managed' : 'self-managed',
    latencyMs,
    clusterName: body.cluster_name,
    version: body.version?.number,
    distribution: body.version?.distribution,
  }
}
