/**
 * What SOURCE names: a local NDJSON file (plain or gzip, aoss or elasticdump), `-` for stdin, or an `aoss backup`
 * (an `s3://…/manifest.json`, or a local manifest.json / backup folder). Each becomes an ordered list of byte
 * streams; nothing is read whole.
 */
import {createReadStream, existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {parseS3Uri} from '../backup/layout.js'
import {type IndexEntry, type Manifest, MANIFEST_FILE, ManifestError, parseManifest} from '../backup/manifest.js'
import type {S3Client} from '@aws-sdk/client-s3'

import {createS3Client, resolveS3Settings, type S3Settings} from '../s3/client.js'
import {readManifest} from '../backup/store.js'
import {resolveChain} from '../backup/chain.js'
import {AossError, usageError} from '../errors.js'
import {type ChunkStore, localStoreFor, S3ChunkStore} from './chunk-store.js'

export type SourceKind = 'file' | 'stdin' | 'backup'

/** One byte stream of a source, with what it must hash to when the manifest says so. */
export interface SourcePart {
  name: string
  open(): Promise<AsyncIterable<Buffer>>
  sha256?: string
  bytes?: number
}

export interface RestoreSource {
  kind: SourceKind
  /** As the user wrote it (for messages). */
  name: string
  /** The backup's manifest and the index picked from it. */
  manifest?: Manifest
  entry?: IndexEntry
  /** Documents the source says it holds, when known before reading (backups). */
  expectedDocs?: number
  /** A local file's path, for the pre-flight check. */
  path?: string
  parts: SourcePart[]
  /**
   * For an incremental backup: the parts of each link of its chain, the full backup first. Links are written one
   * after the other, so a document in several ends as its newest version. `parts` then holds them all, in order.
   */
  links?: SourcePart[][]
  close(): void
}

export interface OpenSourceOptions {
  /** Which index of a multi-index backup to restore. */
  sourceIndex?: string
  s3?: S3Settings
  /** Default process.stdin. */
  stdin?: NodeJS.ReadableStream
}

export async function openSource(spec: string, options: OpenSourceOptions = {}): Promise<RestoreSource> {
  if (spec === '-') {
    const stdin = options.stdin ?? process.stdin
    return {kind: 'stdin', name: 'stdin', parts: [{name: 'stdin', open: async () => stdin as AsyncIterable<Buffer>}], close() {}}
  }

  if (spec.startsWith('s3://')) {
    const location = parseS3Uri(spec)
    const s3 = await createS3Client(resolveS3Settings(options.s3 ?? {}))
    try {
      const manifest = await readManifest(s3, location)
      if (manifest.chain?.parent) return await fromChain(spec, location, s3, options.sourceIndex)
      return fromManifest(spec, manifest, new S3ChunkStore(s3, location.bucket, location.key), options.sourceIndex, () => s3.destroy())
    } catch (error) {
      s3.destroy()
      throw error
    }
  }

  if (!existsSync(spec)) {
    throw new AossError('NOT_FOUND', `${spec} does not exist`, {hints: ['Give a .ndjson or .ndjson.gz file, -, or s3://BUCKET/…/manifest.json.']})
  }

  const manifestPath = statSync(spec).isDirectory() ? join(spec, MANIFEST_FILE) : spec
  if (manifestPath !== spec && !existsSync(manifestPath)) {
    throw new AossError('NOT_FOUND', `${spec} is a folder without a ${MANIFEST_FILE}`, {hints: ['Point at an NDJSON file or a backup folder.']})
  }

  if (/(?<!nd)\.json$/i.test(manifestPath) && looksLikeManifest(manifestPath)) {
    const manifest = readLocalManifest(manifestPath)
    if (manifest.chain?.parent) {
      throw usageError(`${spec} is an incremental backup: its chain is restored from S3`, `Restore s3://BUCKET/${manifest.chain.parent.replace(/manifest\.json$/, '')}… by giving this link's s3:// manifest, or restore a full backup.`)
    }

    return fromManifest(spec, manifest, localStoreFor(manifestPath), options.sourceIndex, () => {})
  }

  return {kind: 'file', name: spec, path: spec, parts: [{name: spec, open: async () => createReadStream(spec)}], close() {}}
}

/** A manifest is one (small) JSON object with `indices`; anything else named .json is read as NDJSON. */
function looksLikeManifest(path: string): boolean {
  if (statSync(path).size > 16 * 1024 * 1024) return false
  const text = readFileSync(path, 'utf8')
  try {
    const value = JSON.parse(text) as {indices?: unknown}
    return typeof value === 'object' && value !== null && Array.isArray(value.indices)
  } catch {
    return false
  }
}

function readLocalManifest(path: string): Manifest {
  try {
    return parseManifest(readFileSync(path, 'utf8'))
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error
    throw new AossError('USAGE', `${path} is not a valid aoss backup manifest: ${error.message}`, {
      hints: ['A backup without a valid manifest is incomplete; `aoss backup list` shows the complete ones.'],
    })
  }
}

function fromManifest(name: string, manifest: Manifest, store: ChunkStore, sourceIndex: string | undefined, close: () => void): RestoreSource {
  const names = manifest.indices.map((entry) => entry.name)
  let entry: IndexEntry | undefined
  if (sourceIndex) {
    entry = manifest.indices.find((candidate) => candidate.name === sourceIndex)
    if (!entry) throw usageError(`the backup holds no index ${sourceIndex}`, `It holds: ${names.join(', ')}.`)
  } else if (manifest.indices.length === 1) {
    entry = manifest.indices[0]
  } else {
    throw usageError(`the backup holds ${names.length} indexes: pick one with --source-index`, `It holds: ${names.join(', ')}.`)
  }

  return {
    kind: 'backup',
    name,
    manifest,
    entry,
    expectedDocs: entry.docs,
    // describe() resolves every key now, so a key that leaves the backup is refused before anything is written.
    parts: entry.chunks.map((chunk) => ({
      name: store.describe(chunk.key),
      open: () => store.open(chunk.key),
      sha256: chunk.sha256,
      bytes: chunk.bytes,
    })),
    close,
  }
}

/** An incremental's whole chain, full backup first; every link must be there (chain.ts). */
async function fromChain(name: string, location: {bucket: string, key: string}, s3: S3Client, sourceIndex: string | undefined): Promise<RestoreSource> {
  const chain = await resolveChain(location.key, (key) => readManifest(s3, {bucket: location.bucket, key}))
  const sources = chain.map((link) => fromManifest(name, link.manifest, new S3ChunkStore(s3, location.bucket, link.key), sourceIndex, () => {}))
  const last = sources.at(-1)!
  const links = sources.map((source) => source.parts)
  return {
    ...last,
    // The chain's mappings and settings are the newest link's; its documents are every link's.
    expectedDocs: sources.reduce((sum, source) => sum + (source.expectedDocs ?? 0), 0),
    parts: links.flat(),
    links,
    close: () => s3.destroy(),
  }
}
