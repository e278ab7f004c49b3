/**
 * What a backup run is asked (BackupOptions), what it needs (BackupDeps), what it tells (BackupProgress) and what
 * it reports (BackupResult), with the defaults and the checks S3 imposes. One definition for every entry point.
 */
import type {PutObjectCommandInput, S3Client} from '@aws-sdk/client-s3'

import {assertIndexTarget} from '../connection/paths.js'
import {AossError} from '../errors.js'
import type {AimdReport} from '../flow/aimd.js'
import type {Hit, Page, ReadOptions, ReadStrategy} from '../read/types.js'
import type {ChainOptions} from './chain.js'
import type {BackupCheckpoint} from './checkpoint.js'
import type {IndexMeta} from './index-meta.js'
import {normalizePrefix} from './layout.js'
import type {Manifest} from './manifest.js'

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
  /** With --slices auto: how many slices read at once now (at the end: what it settled on). */
  adaptive?(): AimdReport | undefined
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
  /** Slices the snapshot was cut into; `settled`: with --slices auto, how many read at once at the end. */
  slices?: {count: number, settled?: number}
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
