/**
 * The manifest of an `aoss backup`: written last, as the commit marker. A backup without one is incomplete.
 * No credentials, ever.
 */
import type {ReadStrategy} from '../read/types.js'

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

/** What a manifest records about its place in an incremental chain (chain.ts). */
export interface ChainLink {
  /** The date field compared with the mark. */
  field: string
  /** The field's largest value (epoch ms) when this backup started; the next link reads from here. */
  highWater?: number
  /** Lower bound (epoch ms) this link read from; absent on the full backup that starts a chain. */
  since?: number
  /** The parent's manifest key; absent on a full backup. */
  parent?: string
  /** 0 for the full backup, 1 for the first incremental after it, … */
  depth: number
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
  /** NDJSON line format of the chunks (see read/types.ts LineFormat); always 'hit' for backups. */
  format: 'hit'
  compression: 'gzip'
  query?: Record<string, unknown>
  strategy: ReadStrategy
  indices: IndexEntry[]
  /** Set when the backup is part of an incremental chain (chain.ts). */
  chain?: ChainLink
}

export interface ManifestInput {
  toolVersion: string
  startedAt: Date
  finishedAt: Date
  source: Manifest['source']
  query?: Record<string, unknown>
  strategy: ReadStrategy
  index: Omit<IndexEntry, 'docs' | 'bytes'>
  chain?: ChainLink
}

/** A one-index manifest: totals are derived from the chunks, so they cannot disagree with them. */
export function buildManifest(input: ManifestInput): Manifest {
  const {index} = input
  return {
    version: MANIFEST_VERSION,
    tool: {name: 'aoss', version: input.toolVersion},
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    source: stripCredentials(input.source),
    format: 'hit',
    compression: 'gzip',
    ...(input.query ? {query: input.query} : {}),
    strategy: input.strategy,
    indices: [
      {
        name: index.name,
        docs: index.chunks.reduce((sum, chunk) => sum + chunk.docs, 0),
        bytes: index.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
        mappings: index.mappings,
        settings: index.settings,
        aliases: index.aliases,
        chunks: index.chunks,
      },
    ],
    ...(input.chain ? {chain: input.chain} : {}),
  }
}

/** Endpoints are stored as origin (+ path) only: no user info, no query string. */
function stripCredentials(source: Manifest['source']): Manifest['source'] {
  let endpoint = source.endpoint
  try {
    const url = new URL(source.endpoint)
    url.username = ''
    url.password = ''
    url.search = ''
    endpoint = url.toString().replace(/\/$/, '')
  } catch {
    // Not a URL (a test label, say): keep as is; it came from settings that never hold credentials.
  }

  return {...source, endpoint}
}

/** Thrown as a plain Error by the validator; callers wrap it with where the manifest came from. */
export class ManifestError extends Error {
  override name = 'ManifestError'
}

const FLAVOURS = new Set(['serverless', 'managed', 'self-managed'])
const STRATEGIES = new Set(['pit', 'scroll', 'search-after'])
const SHA256 = /^[0-9a-f]{64}$/

/**
 * Checks a parsed manifest's shape and internal consistency (totals equal the sum of the chunks) and returns it
 * typed. Unknown extra fields are allowed, so newer writers stay readable by older readers of the same version.
 */
export function validateManifest(value: unknown): Manifest {
  const problems: string[] = []
  const m = value as Partial<Manifest> & Record<string, unknown>
  if (!isObject(m)) throw new ManifestError('manifest is not a JSON object')
  if (m.version !== MANIFEST_VERSION) problems.push(`version ${String(m.version)} is not ${MANIFEST_VERSION}`)
  if (!isObject(m.tool) || m.tool.name !== 'aoss') problems.push('tool.name is not "aoss"')
  for (const field of ['startedAt', 'finishedAt'] as const) {
    if (typeof m[field] !== 'string' || Number.isNaN(Date.parse(m[field] as string))) problems.push(`${field} is not a date`)
  }

  if (!isObject(m.source) || typeof m.source.endpoint !== 'string' || !FLAVOURS.has(m.source.flavour as string)) problems.push('source is not {endpoint, flavour}')
  if (m.format !== 'hit') problems.push('format is not "hit"')
  if (m.compression !== 'gzip') problems.push('compression is not "gzip"')
  if (!STRATEGIES.has(m.strategy as string)) problems.push(`strategy ${String(m.strategy)} is unknown`)
  if (m.query !== undefined && !isObject(m.query)) problems.push('query is not an object')
  if (!Array.isArray(m.indices) || m.indices.length === 0) problems.push('indices is empty')
  if (m.chain !== undefined) {
    const c = m.chain as Partial<ChainLink>
    if (!isObject(c) || typeof c.field !== 'string' || !isCount(c.depth) || (c.parent !== undefined && typeof c.parent !== 'string') || (c.depth > 0) !== (c.parent !== undefined)) {
      problems.push('chain is not {field, depth, parent when depth > 0}')
    }
  }

  for (const [i, entry] of (Array.isArray(m.indices) ? m.indices : []).entries()) {
    const at = `indices[${i}]`
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') {
      problems.push(`${at} has no name`)
      continue
    }

    for (const field of ['mappings', 'settings', 'aliases'] as const) if (!isObject(entry[field])) problems.push(`${at}.${field} is not an object`)
    if (!Array.isArray(entry.chunks)) {
      problems.push(`${at}.chunks is not a list`)
      continue
    }

    let docs = 0
    let bytes = 0
    for (const [j, chunk] of entry.chunks.entries()) {
      const c = chunk as Partial<ChunkEntry>
      if (!isObject(c) || typeof c.key !== 'string' || !isCount(c.docs) || !isCount(c.bytes) || typeof c.sha256 !== 'string' || !SHA256.test(c.sha256)) {
        problems.push(`${at}.chunks[${j}] is not {key, docs, bytes, sha256}`)
        continue
      }

      docs += c.docs
      bytes += c.bytes
    }

    if (entry.docs !== docs) problems.push(`${at}.docs is ${String(entry.docs)} but the chunks hold ${docs}`)
    if (entry.bytes !== bytes) problems.push(`${at}.bytes is ${String(entry.bytes)} but the chunks hold ${bytes}`)
  }

  if (problems.length > 0) throw new ManifestError(problems.join('; '))
  return m as Manifest
}

/** Parses and validates manifest text (as read from S3). */
export function parseManifest(text: string): Manifest {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ManifestError(`manifest is not JSON: ${(error as Error).message}`)
  }

  return validateManifest(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}
