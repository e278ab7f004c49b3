/**
 * The manifest of an `aoss backup`: written last, as the commit marker. A backup without one is incomplete.
 * No credentials, ever.
 */
import type {ReadStrategy} from '../transfer/types.js'

export const MANIFEST_VERSION = 1
export const MANIFEST_FILE = 'manifest.json'

export interface ChunkEntry {
  /** Object key relative to the bucket, e.g. `backups/inventory/2026-11-27T20-00-00Z/part-00000.ndjson.gz`. */
  key: string
  docs: number
  /** Size of the stored (gzip) object in bytes. */
  bytes: number
  /** Hex sha256 of the stored object. */
  sha256: string
}

export interface IndexEntry {
  name: string
  docs: number
  bytes: number
  /** As returned by GET /<index>/_mapping for this index. */
  mappings: Record<string, unknown>
  /** Only settings that can be re-applied on create (analysis, knn, refresh_interval, …). */
  settings: Record<string, unknown>
  aliases: Record<string, unknown>
  chunks: ChunkEntry[]
}

export interface Manifest {
  version: typeof MANIFEST_VERSION
  tool: {name: 'aoss', version: string}
  startedAt: string
  finishedAt: string
  source: {endpoint: string, flavour: 'serverless' | 'managed' | 'self-managed', collectionType?: string}
  /** NDJSON line format of the chunks (see transfer/types.ts LineFormat); always 'hit' for backups. */
  format: 'hit'
  compression: 'gzip'
  query?: Record<string, unknown>
  strategy: ReadStrategy
  indices: IndexEntry[]
}
