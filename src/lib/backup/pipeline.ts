/**
 * `runBackup`: the one backup pipeline, used by `aoss backup` and by the Lambda.
 *
 *   reader pages → NDJSON lines → gzip → sha256/bytes → lib-storage Upload, one object per chunk
 *   → manifest.json, written last, per index: its presence is what makes a backup complete.
 *
 * Chunks roll over at page boundaries once they reach `chunkBytes` (stored, compressed) or `chunkDocs`, so that no
 * single object runs into S3's 10,000-part limit and restore can read chunks in parallel. Rolling only between
 * pages also makes every chunk boundary an exact resume point: the reader position after the last page of a
 * stored chunk is what a checkpoint records.
 *
 * The reader is injected (`deps.openReader`), so this file has no paging loop of its own.
 */
import type {PutObjectCommandInput, S3Client} from '@aws-sdk/client-s3'

import {assertIndexTarget} from '../connection/paths.js'
import {AossError} from '../errors.js'
import {ndjsonBuffers} from '../read/ndjson.js'
import type {Hit, Page, ReadCheckpoint, ReadOptions, ReadStrategy, SliceCursor} from '../read/types.js'
import {keyProblem} from '../s3/keys.js'
import {type ChainOptions, detectSinceField, planChain, sinceQuery} from './chain.js'
import {type BackupCheckpoint, CHECKPOINT_KIND, type IndexProgress} from './checkpoint.js'
import {ChunkWriter} from './chunk-writer.js'
import type {IndexMeta} from './index-meta.js'
import {backupDir, backupStamp, checkpointKey, chunkKey, manifestKey, normalizePrefix, s3Uri} from './layout.js'
import {buildManifest, type Manifest} from './manifest.js'
import {toS3Error} from '../s3/errors.js'
import {latestChainLink} from './store.js'

const MiB = 1024 * 1024
/** S3 refuses parts under 5 MiB (except the last) and more than 10,000 parts per object. */
export const MIN_PART_SIZE = 5 * MiB
export const MAX_PARTS = 10_000

export const BACKUP_DEFAULTS = {
  /** 16 MiB parts: 160 GiB per object before the part limit, and few requests. */
  partSize: 16 * MiB,
  /** Parts uploaded in parallel per chunk; memory ≈ (queueSize + 1) × partSize. */
  queueSize: 4,
  /** Stored (compressed) bytes per chunk object. */
  chunkBytes: 1024 * MiB,
  /**
   * gzip level 3: measured on inventory NDJSON, level 6 (zlib's default) compresses at ~75 MB/s to 13.6% of the
   * input, level 3 at ~170 MB/s to 16.8%. Backups are bound by CPU (a Lambda is billed by it) more than by
   * storage, so the faster level is the default; --compression-level 6–9 gives smaller objects.
   */
  compressionLevel: 3,
} as const

/** What the pipeline needs from a reader: pages in order, per slice, plus what it expects to deliver. */
export interface PageSource extends AsyncIterable<Page> {
  readonly strategy: ReadStrategy
  /** Documents the reader will deliver (a count under the same point in time), when known. */
  readonly expected?: number
  /** What the reader wants the user told (fallbacks taken, consistency caveats). */
  readonly notes?: string[]
  /** Slices the reader reads in parallel; every one of them must appear in a checkpoint. */
  readonly slices?: number
  close(): Promise<void>
}

export type S3Settings = Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId' | 'StorageClass'>

export interface BackupOptions {
  bucket: string
  /** Key prefix; '' writes `INDEX/STAMP/…` at the bucket root. */
  prefix?: string
  /** Index names, aliases or wildcards; each concrete index becomes its own backup directory. */
  indices: string[]
  /** A query clause: back up only matching documents. Recorded in the manifest. */
  query?: Record<string, unknown>
  /** Passed to the reader (batch size, slices, strategy, keep-alive, tiebreaker). */
  read?: Omit<ReadOptions, 'index' | 'query' | 'resume' | 'signal' | 'maxDocs'>
  /** Stored bytes per chunk object (default 1 GiB). Must fit in 10,000 parts. */
  chunkBytes?: number
  /** Documents per chunk object (default unlimited); whichever limit comes first rolls the chunk. */
  chunkDocs?: number
  /** Multipart part size (default 16 MiB, minimum 5 MiB). Memory ≈ (queueSize + 1) × partSize. */
  partSize?: number
  /** Parts in flight per chunk (default 4). */
  queueSize?: number
  /** gzip level 1–9 (default 3). */
  compressionLevel?: number
  /** Server-side encryption and storage class for chunk objects (the manifest is always STANDARD). */
  s3?: S3Settings
  /** Incremental chains (chain.ts): each index is the start of a chain or a link after its newest backup. */
  chain?: ChainOptions
  /** Recorded in the manifest. */
  toolVersion: string
  /** Recorded in the manifest; never credentials. */
  source: Manifest['source']
  /** Start time, which names the backup directories (default now). */
  now?: Date
  /** Continue a run that paused (from `result.checkpoint`). Options above that shape data must stay the same. */
  resume?: BackupCheckpoint
  /** Asked after each page; true closes the current chunk and returns a checkpoint (the Lambda's deadline). */
  shouldPause?: () => boolean
  /**
   * Names chunk `n` of a backup directory (default `part-NNNNN.ndjson.gz`). The slices of a fanned-out backup each
   * write their own series (layout.ts sliceChunkKey), so that slices running side by side never share a key.
   */
  chunkKey?: (dir: string, n: number) => string
  /**
   * Write each index's manifest once its read completes (default true). False stops short of it: the index ends
   * `done` with its chunks in the checkpoint, and the caller commits (the Step Functions Commit step, which joins
   * the slices of an index into one manifest).
   */
  commit?: boolean
  /** On failure, delete the chunk objects this call stored (default true). The Lambda keeps them to resume. */
  cleanupOnFailure?: boolean
  signal?: AbortSignal
  onProgress?: (event: BackupProgress) => void
}

export interface BackupProgress {
  index: string
  /** Documents of this index stored or in flight so far (across resumed runs). */
  docs: number
  expected?: number
  /** Compressed bytes produced for this index so far. */
  bytes: number
  chunks: number
}

export interface BackupDeps {
  s3: S3Client
  /** Opens the shared document reader (read/reader.ts) on one concrete index. */
  openReader(options: ReadOptions): Promise<PageSource>
  /** Resolves names, aliases and wildcards to concrete indexes with their mappings, settings and aliases. */
  describeIndices(targets: string[]): Promise<IndexMeta[]>
  /** Turns hits into NDJSON bytes (read/ndjson.ts); JSON lines of {_index,_id,_source} by default. */
  toNdjson?: (hits: Hit[]) => Buffer
  /** The largest value (epoch ms) of a date field among matching documents; needed for incremental chains. */
  highWaterMark?(index: string, field: string, query?: Record<string, unknown>): Promise<number | undefined>
}

export interface IndexReport {
  index: string
  status: 'complete' | 'partial' | 'pending'
  docs: number
  bytes: number
  chunks: number
  expected?: number
  strategy?: ReadStrategy
  /** `s3://bucket/…/INDEX/STAMP/` */
  location: string
  /** `s3://…/manifest.json`, once written. */
  manifest?: string
  /** Its place in an incremental chain: 0 is the full backup; `since` (ISO time) is where an incremental read from. */
  chain?: {field: string, depth: number, since?: string, parent?: string}
}

export interface BackupResult {
  /** `paused`: stopped by shouldPause; `checkpoint` says where to continue. */
  status: 'complete' | 'paused'
  bucket: string
  prefix: string
  stamp: string
  startedAt: string
  finishedAt?: string
  indices: IndexReport[]
  /** Totals over every index of the run (including earlier resumed runs). */
  docs: number
  bytes: number
  /** This call only. */
  durationMs: number
  docsWritten: number
  docsPerSecond: number
  warnings: string[]
  checkpoint?: BackupCheckpoint
}

/** What a run reports to a person or a machine (`aoss backup --json`, the Lambda): the result without the checkpoint. */
export type BackupReport = Omit<BackupResult, 'checkpoint'>

/** Throws a USAGE error for options S3 or the pipeline cannot honour. */
export function validateBackupOptions(options: Omit<BackupOptions, 'toolVersion' | 'source'>): Required<Pick<BackupOptions, 'partSize' | 'queueSize' | 'chunkBytes' | 'compressionLevel'>> {
  const partSize = options.partSize ?? BACKUP_DEFAULTS.partSize
  const queueSize = options.queueSize ?? BACKUP_DEFAULTS.queueSize
  const chunkBytes = options.chunkBytes ?? BACKUP_DEFAULTS.chunkBytes
  const compressionLevel = options.compressionLevel ?? BACKUP_DEFAULTS.compressionLevel
  if (!options.bucket) throw new AossError('USAGE', 'no bucket: pass --bucket or set OUTPUT_BUCKET')
  if (options.indices.length === 0) throw new AossError('USAGE', 'no index to back up')
  normalizePrefix(options.prefix)
  for (const target of options.indices) assertIndexTarget(target)
  if (!(partSize >= MIN_PART_SIZE)) throw new AossError('USAGE', `--part-size must be at least 5 MiB (S3's minimum part size), got ${partSize} bytes`)
  if (!(Number.isInteger(queueSize) && queueSize >= 1)) throw new AossError('USAGE', 'the upload queue size must be 1 or more')
  if (!(chunkBytes > 0)) throw new AossError('USAGE', '--chunk-size must be positive')
  // The last part of a chunk may overshoot by up to one page; leave one part of room for it.
  if (chunkBytes > partSize * (MAX_PARTS - 1)) {
    throw new AossError('USAGE', `--chunk-size ${chunkBytes} bytes needs more than ${MAX_PARTS} parts of ${partSize} bytes`, {
      hints: ['Raise --part-size or lower --chunk-size: S3 allows at most 10,000 parts per object.'],
    })
  }

  if (options.chunkDocs !== undefined && !(Number.isInteger(options.chunkDocs) && options.chunkDocs > 0)) throw new AossError('USAGE', '--chunk-docs must be a positive whole number')
  if (!(Number.isInteger(compressionLevel) && compressionLevel >= 1 && compressionLevel <= 9)) throw new AossError('USAGE', 'the gzip level must be 1–9')
  if (options.s3?.SSEKMSKeyId && options.s3.ServerSideEncryption !== 'aws:kms') throw new AossError('USAGE', '--kms-key-id needs --sse aws:kms')
  return {partSize, queueSize, chunkBytes, compressionLevel}
}

export async function runBackup(options: BackupOptions, deps: BackupDeps): Promise<BackupResult> {
  const limits = validateBackupOptions(options)
  const started = performance.now()
  const {Upload} = await import('@aws-sdk/lib-storage')
  const toNdjson = deps.toNdjson ?? hitsToNdjson
  const warnings: string[] = []
  const stored: string[] = []
  const cleanup = options.cleanupOnFailure ?? true
  let docsWritten = 0

  const checkpoint = options.resume ?? (await newCheckpoint(options, deps))
  if (checkpoint.bucket !== options.bucket || normalizePrefix(checkpoint.prefix) !== normalizePrefix(options.prefix)) {
    throw new AossError('USAGE', `the checkpoint belongs to s3://${checkpoint.bucket}/${checkpoint.prefix}, not s3://${options.bucket}/${normalizePrefix(options.prefix)}`)
  }

  // A checkpoint is read back from S3, so the folders it names are checked like any other key before use.
  for (const entry of checkpoint.indices) {
    if (typeof entry.dir !== 'string' || !entry.dir.startsWith(normalizePrefix(checkpoint.prefix)) || keyProblem(entry.dir)) {
      throw new AossError('USAGE', `the checkpoint names the folder ${JSON.stringify(entry.dir)}, which is not a backup folder under s3://${options.bucket}/${normalizePrefix(options.prefix)}`)
    }
  }

  const objectSettings = {
    ...(options.s3?.ServerSideEncryption ? {ServerSideEncryption: options.s3.ServerSideEncryption} : {}),
    ...(options.s3?.SSEKMSKeyId ? {SSEKMSKeyId: options.s3.SSEKMSKeyId} : {}),
  }

  const backupIndex = async (entry: IndexProgress): Promise<'done' | 'paused'> => {
    const name = entry.meta.name
    const resumed = entry.read !== undefined
    entry.status = 'running'
    entry.startedAt ??= new Date().toISOString()
    // A run that may pause resumes on a new point in time, where `_shard_doc` positions mean nothing: `_id` is
    // stable across snapshots, so such runs sort on it from the start.
    const tiebreaker = options.read?.tiebreaker ?? (options.shouldPause ? '_id' : undefined)
    if (options.chain && !entry.chain) entry.chain = await chainLink(options, deps, checkpoint.prefix, entry)
    const since = entry.chain?.since
    const reader = await deps.openReader({
      ...options.read,
      ...(tiebreaker ? {tiebreaker} : {}),
      index: name,
      query: since === undefined ? options.query : sinceQuery(options.query, entry.chain!.field, since),
      signal: options.signal,
      ...(entry.read ? {resume: entry.read} : {}),
    })
    entry.strategy ??= reader.strategy
    for (const note of reader.notes ?? []) if (!warnings.includes(`${name}: ${note}`)) warnings.push(`${name}: ${note}`)
    if (!resumed) entry.expected ??= reader.expected
    const cursors = new Map<number, SliceCursor>((entry.read?.slices ?? []).map((slice) => [slice.id, {...slice}]))
    // Every slice is in the checkpoint from the start: a slice missing from it would be resumed as if it did not
    // exist, and the documents only it holds would never be read.
    if (!entry.read) for (let id = 0; id < (reader.slices ?? 1); id++) cursors.set(id, {id, docs: 0, done: false})
    const position = (): ReadCheckpoint => ({strategy: entry.strategy ?? reader.strategy, slices: [...cursors.values()].sort((a, b) => a.id - b.id).map((slice) => ({...slice}))})
    let chunk: ChunkWriter | undefined
    let docs = entry.chunks.reduce((sum, c) => sum + c.docs, 0)
    const storedBytes = () => entry.chunks.reduce((sum, c) => sum + c.bytes, 0) + (chunk?.storedBytes ?? 0)

    const closeChunk = async () => {
      if (!chunk) return
      const closing = chunk
      chunk = undefined
      let done
      try {
        done = await closing.close()
      } catch (error) {
        chunk = closing
        throw toS3Error(error, {action: `uploading ${closing.key}`, bucket: options.bucket, key: closing.key})
      }

      stored.push(done.key)
      entry.chunks.push(done)
      entry.read = position()
    }

    let pagesThisCall = 0
    try {
      for await (const page of reader) {
        if (options.signal?.aborted) throw new AossError('INCOMPLETE', 'backup interrupted', {hints: ['Nothing was committed for the unfinished index: its manifest was not written.']})
        if (page.hits.length > 0) {
          chunk ??= new ChunkWriter({
            client: deps.s3,
            Upload,
            params: {Bucket: options.bucket, Key: (options.chunkKey ?? chunkKey)(entry.dir, entry.chunks.length), ContentType: 'application/gzip', ...objectSettings, ...(options.s3?.StorageClass ? {StorageClass: options.s3.StorageClass} : {})},
            partSize: limits.partSize,
            queueSize: limits.queueSize,
            level: limits.compressionLevel,
          })
          try {
            await chunk.write(toNdjson(page.hits), page.hits.length)
          } catch (error) {
            throw toS3Error(error, {action: `uploading ${chunk.key}`, bucket: options.bucket, key: chunk.key})
          }

          docs += page.hits.length
          docsWritten += page.hits.length
        }

        const cursor = cursors.get(page.slice) ?? {id: page.slice, docs: 0, done: false}
        cursor.docs += page.hits.length
        if (page.after !== undefined) cursor.after = page.after
        // Readers mark a slice's last page; an empty page means the same for one that does not.
        if (page.done ?? page.hits.length === 0) cursor.done = true
        cursors.set(page.slice, cursor)
        pagesThisCall++
        options.onProgress?.({index: name, docs, expected: entry.expected, bytes: storedBytes(), chunks: entry.chunks.length + (chunk ? 1 : 0)})

        if (chunk && (chunk.storedBytes >= limits.chunkBytes || (options.chunkDocs !== undefined && chunk.docs >= options.chunkDocs))) await closeChunk()
        if (pagesThisCall > 0 && options.shouldPause?.()) {
          await closeChunk()
          entry.read = position()
          return 'paused'
        }
      }

      await closeChunk()
    } catch (error) {
      await chunk?.abort(error as Error)
      throw error
    } finally {
      await reader.close().catch(() => {})
    }

    entry.read = position()
    if (entry.expected !== undefined && docs !== entry.expected) {
      const message = `${name}: read ${docs} documents but the index held ${entry.expected} when the backup started`
      if (!resumed && entry.strategy !== 'search-after') {
        throw new AossError('INCOMPLETE', message, {
          details: {index: name, docs, expected: entry.expected},
          hints: ['No manifest was written. Run the backup again; if it repeats, try --strategy search-after.'],
        })
      }

      warnings.push(`${message} (documents written or deleted meanwhile are expected when a run continues later)`)
    }

    entry.finishedAt = new Date().toISOString()
    if (options.commit === false) {
      entry.status = 'done'
      stored.length = 0
      return 'done'
    }

    const manifest = buildManifest({
      toolVersion: checkpoint.toolVersion,
      startedAt: new Date(entry.startedAt),
      finishedAt: new Date(entry.finishedAt),
      source: checkpoint.source,
      query: checkpoint.query,
      strategy: entry.strategy ?? reader.strategy,
      index: {name, mappings: entry.meta.mappings, settings: entry.meta.settings, aliases: entry.meta.aliases, chunks: entry.chunks},
      ...(entry.chain ? {chain: entry.chain} : {}),
    })
    const key = manifestKey(entry.dir)
    await putJson(deps.s3, options.bucket, key, manifest, objectSettings, 'writing the manifest')
    entry.manifestKey = key
    entry.status = 'done'
    // This index is committed: a later index's failure must not delete the chunks its manifest names.
    stored.length = 0
    // A run that continued from a checkpoint leaves it beside the data; the manifest supersedes it.
    if (options.resume) await deleteQuietly(deps.s3, options.bucket, checkpointKey(entry.dir))
    return 'done'
  }

  let paused = false
  try {
    for (const entry of checkpoint.indices) {
      if (entry.status === 'done') continue
      if ((await backupIndex(entry)) === 'paused') {
        paused = true
        break
      }
    }
  } catch (error) {
    if (cleanup && stored.length > 0) await deleteQuietly(deps.s3, options.bucket, ...stored)
    throw error
  }

  const durationMs = Math.round(performance.now() - started)
  const indices = checkpoint.indices.map((entry) => indexReport(options.bucket, entry))
  if (indices.some((entry) => (entry.chain?.depth ?? 0) > 0)) {
    warnings.push('an incremental backup holds documents written or changed since its parent; documents deleted at the source are not recorded, so a restored chain still has them (take a full backup, --full-every N, for an exact copy)')
  }

  return {
    status: paused ? 'paused' : 'complete',
    bucket: options.bucket,
    prefix: checkpoint.prefix,
    stamp: checkpoint.stamp,
    startedAt: checkpoint.startedAt,
    ...(paused ? {checkpoint} : {finishedAt: new Date().toISOString()}),
    indices,
    docs: indices.reduce((sum, entry) => sum + entry.docs, 0),
    bytes: indices.reduce((sum, entry) => sum + entry.bytes, 0),
    durationMs,
    docsWritten,
    docsPerSecond: durationMs > 0 ? Math.round((docsWritten * 1000) / durationMs) : docsWritten,
    warnings,
  }
}

async function newCheckpoint(options: BackupOptions, deps: BackupDeps): Promise<BackupCheckpoint> {
  const now = options.now ?? new Date()
  const stamp = backupStamp(now)
  const prefix = normalizePrefix(options.prefix)
  const metas = await deps.describeIndices(options.indices)
  return {
    kind: CHECKPOINT_KIND,
    version: 1,
    bucket: options.bucket,
    prefix,
    stamp,
    startedAt: now.toISOString(),
    toolVersion: options.toolVersion,
    source: options.source,
    ...(options.query ? {query: options.query} : {}),
    indices: metas.map((meta) => ({meta, status: 'pending', dir: backupDir(prefix, meta.name, stamp), chunks: []})),
  }
}

function indexReport(bucket: string, entry: IndexProgress): IndexReport {
  return {
    index: entry.meta.name,
    status: entry.status === 'done' ? 'complete' : entry.status === 'running' ? 'partial' : 'pending',
    docs: entry.chunks.reduce((sum, c) => sum + c.docs, 0),
    bytes: entry.chunks.reduce((sum, c) => sum + c.bytes, 0),
    chunks: entry.chunks.length,
    ...(entry.expected === undefined ? {} : {expected: entry.expected}),
    ...(entry.strategy ? {strategy: entry.strategy} : {}),
    location: s3Uri(bucket, entry.dir),
    ...(entry.manifestKey ? {manifest: s3Uri(bucket, entry.manifestKey)} : {}),
    ...(entry.chain
      ? {
          chain: {
            field: entry.chain.field,
            depth: entry.chain.depth,
            ...(entry.chain.since === undefined ? {} : {since: new Date(entry.chain.since).toISOString()}),
            ...(entry.chain.parent ? {parent: s3Uri(bucket, entry.chain.parent)} : {}),
          },
        }
      : {}),
  }
}

/**
 * Where this index's backup sits in its chain: after the newest complete link under the prefix, or at the start
 * of a new chain. The mark is taken now, before the reader's snapshot opens (chain.ts says why).
 */
async function chainLink(options: BackupOptions, deps: BackupDeps, prefix: string, entry: IndexProgress): Promise<IndexProgress['chain']> {
  if (!deps.highWaterMark) throw new AossError('UNEXPECTED', 'incremental backups need a reader that can find the high-water mark')
  const name = entry.meta.name
  const parent = options.chain!.incremental || options.chain!.fullEvery !== undefined ? await latestChainLink(deps.s3, options.bucket, prefix, name) : undefined
  const plan = planChain(name, options.chain!, parent, detectSinceField(entry.meta.mappings))
  const highWater = await deps.highWaterMark(name, plan.link.field, options.query)
  return {...plan.link, ...(highWater === undefined ? {} : {highWater})}
}

/** The line format export writes (read/ndjson.ts): one {"_index","_id","_source"} object per line. */
/** A page as the NDJSON bytes export writes: the same encoder, so a backup's lines equal an export's. */
export function hitsToNdjson(hits: Hit[]): Buffer {
  const pieces = [...ndjsonBuffers(hits, 'hit', Number.POSITIVE_INFINITY)]
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces)
}

async function putJson(s3: S3Client, bucket: string, key: string, value: unknown, settings: S3Settings, action: string): Promise<void> {
  const {PutObjectCommand} = await import('@aws-sdk/client-s3')
  try {
    await s3.send(new PutObjectCommand({Bucket: bucket, Key: key, Body: `${JSON.stringify(value, null, 2)}\n`, ContentType: 'application/json', ...settings}))
  } catch (error) {
    throw toS3Error(error, {action, bucket, key})
  }
}

/** Best effort: cleanup must not hide the error that made it necessary. */
async function deleteQuietly(s3: S3Client, bucket: string, ...keys: string[]): Promise<void> {
  const {DeleteObjectsCommand} = await import('@aws-sdk/client-s3')
  for (let i = 0; i < keys.length; i += 1000) {
    try {
      await s3.send(new DeleteObjectsCommand({Bucket: bucket, Delete: {Objects: keys.slice(i, i + 1000).map((Key) => ({Key})), Quiet: true}}))
    } catch {
      // Left for `aoss backup list`, which shows the directory as incomplete.
    }
  }
}
