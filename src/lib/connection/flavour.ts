/**
 * Which kind of OpenSearch is on the other end. Decided by asking, not by guessing from the signing service:
 * AOSS answers `GET /` with 404, an empty body and `server: aoss-amazon` (aoss-facts §1, [S16]).
 */
import {AossError} from '../errors.js'
import type {Client} from './client.js'
import {hostFacts} from './endpoint.js'
import {redactUrl} from './redact.js'
import type {ConnectionSettings} from './settings.js'
import {toAossError} from './translate.js'

export type Flavour = 'serverless' | 'managed' | 'self-managed'

/** What `GET /` says, asked once per client however many parts of a command want to know. */
export interface ServerAnswer {
  serverless: boolean
  /** Round trip of the probe, in milliseconds. */
  latencyMs: number
  clusterName?: string
  version?: string
  distribution?: string
}

export interface ServerInfo extends Omit<ServerAnswer, 'serverless'> {
  flavour: Flavour
}

const answers = new WeakMap<Client, Promise<ServerAnswer>>()

export function askServer(client: Client): Promise<ServerAnswer> {
  let answer = answers.get(client)
  if (!answer) {
    answer = ask(client)
    answers.set(client, answer)
    // A failed probe is not remembered: the next caller may ask again.
    answer.catch(() => answers.delete(client))
  }

  return answer
}

async function ask(client: Client): Promise<ServerAnswer> {
  const started = performance.now()
  let response
  try {
    response = await client.transport.request({method: 'GET', path: '/'}, {ignore: [404]})
  } catch (error) {
    throw toAossError(error, {endpoint: endpointOf(client), action: 'probing the endpoint'})
  }

  const latencyMs = Math.round(performance.now() - started)
  const server = String(response.headers?.server ?? '')
  const empty = response.body === undefined || response.body === null || response.body === ''
  if (server === 'aoss-amazon') return {serverless: true, latencyMs}
  if (response.statusCode === 404) {
    // AOSS's 404 on "/" is empty. A 404 with a body is something else: a Dashboards URL, a proxy, a path typo.
    if (empty) return {serverless: true, latencyMs}
    throw new AossError('NOT_FOUND', 'the endpoint answered 404 on "/" and does not look like OpenSearch', {
      statusCode: 404,
      hints: ['Use the collection or domain endpoint itself (no path such as /_dashboards), e.g. https://abc123.us-east-1.aoss.amazonaws.com'],
    })
  }

  const body = (response.body ?? {}) as {cluster_name?: string, version?: {number?: string, distribution?: string}}
  return {serverless: false, latencyMs, clusterName: body.cluster_name, version: body.version?.number, distribution: body.version?.distribution}
}

export async function probeServer(client: Client, settings: ConnectionSettings): Promise<ServerInfo> {
  const {serverless, ...answer} = await askServer(client)
  if (serverless) return {flavour: 'serverless', latencyMs: answer.latencyMs}
  const host = new URL(settings.endpoint).hostname
  const managed = hostFacts(host).service === 'es' || (settings.auth === 'sigv4' && settings.service === 'es')
  return {flavour: managed ? 'managed' : 'self-managed', ...answer}
}

/** The client's node URL, for messages ("cannot reach https://…"); never carries credentials (settings.ts). */
function endpointOf(client: Client): string | undefined {
  const url = (client.connectionPool as unknown as {connections?: Array<{url?: URL}>}).connections?.[0]?.url
  return url ? redactUrl(url.toString()).replace(/\/$/, '') : undefined
}
