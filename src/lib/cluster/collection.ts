/**
 * The AOSS control plane's view of a collection (status, type), when the caller is allowed to ask.
 * Optional by nature: a principal may read data without aoss:BatchGetCollection, so every failure here
 * degrades to a note instead of failing `aoss health`.
 */
import {hostFacts} from '../connection/endpoint.js'
import type {ConnectionSettings} from '../connection/settings.js'

export interface CollectionStatus {
  id?: string
  name?: string
  /** CREATING | DELETING | ACTIVE | FAILED | UPDATING | UPDATE_FAILED (aoss-facts §4, [S13]). */
  status?: string
  type?: string
  note?: string
}

const CONTROL_PLANE_TIMEOUT_MS = 3000

/** The collection id is the first label of both Classic and NextGen per-collection host names. */
export function collectionIdFromEndpoint(endpoint: string): string | undefined {
  const host = new URL(endpoint).hostname
  if (hostFacts(host).service !== 'aoss') return undefined
  const id = host.split('.')[0]
  return /^[a-z0-9]{3,40}$/.test(id) ? id : undefined
}

export async function describeCollection(settings: ConnectionSettings): Promise<CollectionStatus | undefined> {
  const id = collectionIdFromEndpoint(settings.endpoint)
  if (!id || settings.auth !== 'sigv4') return undefined
  try {
    const {OpenSearchServerlessClient, BatchGetCollectionCommand} = await import('@aws-sdk/client-opensearchserverless')
    const {fromNodeProviderChain} = await import('@aws-sdk/credential-providers')
    const client = new OpenSearchServerlessClient({
      region: settings.region,
      credentials: fromNodeProviderChain(settings.profile ? {profile: settings.profile} : {}),
      maxAttempts: 1,
    })
    const answer = await client.send(new BatchGetCollectionCommand({ids: [id]}), {
      abortSignal: AbortSignal.timeout(CONTROL_PLANE_TIMEOUT_MS) as never,
    })
    const detail = answer.collectionDetails?.[0]
    if (!detail) return {id, note: `collection ${id} not found by the control plane`}
    return {id, name: detail.name, status: detail.status, type: detail.type}
  } catch (error) {
    return {id, note: `collection status not available (${(error as Error).name ?? 'error'}); data-plane checks only`}
  }
}
