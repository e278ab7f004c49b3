/**
 * What the server can do for a full read, asked once before reading. The answers pick the strategy (PIT, then
 * scroll, then plain search_after) and the tiebreaker (`_shard_doc` from OpenSearch 3.3, else `_id`).
 */
import type {Client} from '../connection/client.js'
import {askServer} from '../connection/flavour.js'
import type {ConnectionSettings} from '../connection/settings.js'

export interface Capabilities {
  /** AOSS answers `GET /` with 404 and `server: aoss-amazon` (aoss-facts §1). */
  serverless: boolean
  version?: string
  /** `_shard_doc` sorting exists from OpenSearch 3.3.0 (aoss-facts §2, [S33]). */
  shardDoc: boolean
  /** Scroll is missing on AOSS (404) and present on managed and self-managed clusters. */
  scroll: boolean
  /** False only when the version says PIT cannot exist (OpenSearch < 2.4); otherwise opening one decides. */
  pitPossible: boolean
}

export async function detectCapabilities(client: Client): Promise<Capabilities> {
  const answer = await askServer(client)
  if (answer.serverless) return {...SERVERLESS}
  const {version} = answer
  const opensearch = answer.distribution === 'opensearch'
  return {
    serverless: false,
    version,
    shardDoc: opensearch && atLeast(version, [3, 3]),
    scroll: true,
    pitPossible: !opensearch || atLeast(version, [2, 4]),
  }
}

export function atLeast(version: string | undefined, wanted: number[]): boolean {
  if (!version) return false
  const parts = version.split(/[.-]/).map((p) => Number.parseInt(p, 10))
  for (const [i, want] of wanted.entries()) {
    const have = Number.isNaN(parts[i]) ? 0 : parts[i] ?? 0
    if (have !== want) return have > want
  }

  return true
}

/** What a Serverless collection can do; known without asking (its `GET /` says nothing more). */
export const SERVERLESS: Capabilities = Object.freeze({serverless: true, shardDoc: false, scroll: false, pitPossible: true})

/** True when the settings already say Serverless: an `*.aoss.amazonaws.com` host, or `--service aoss`. */
export function saysServerless(settings: Pick<ConnectionSettings, 'service' | 'serviceSource'>): boolean {
  return settings.service === 'aoss' && settings.serviceSource !== 'default'
}
