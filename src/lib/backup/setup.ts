/**
 * One backup setup for every entry point: `aoss backup`, the scheduled Lambda, the Step Functions tasks and the
 * UI server each state the job as a `BackupInput` (from flags, an event or a form) and get back the pipeline's
 * options and its wiring (S3 client, reader, index descriptions). Defaults, environment names and validation live
 * here once, so a backup means the same thing wherever it starts.
 *
 * Precedence: the input > environment > `.env` (when the sources include one) > defaults.
 */
import type {S3Client} from '@aws-sdk/client-s3'

import {parseByteSize} from '../byte-size.js'
import {type Client, type ClientOverrides, createClient} from '../connection/client.js'
import {type ConnectionInput, resolveSettings} from '../connection/settings.js'
import {usageError} from '../errors.js'
import {pickSetting, type SettingSources} from '../io/setting-sources.js'
import type {ReadStrategy} from '../read/types.js'
import {createS3Client, resolveS3Settings} from '../s3/client.js'
import {checkBucketWritable} from '../s3/preflight.js'
import {serverBackupDeps} from './deps.js'
import type {Manifest} from './manifest.js'
import {type BackupDeps, type BackupOptions, type S3Settings, validateBackupOptions} from './pipeline.js'
import {resolveBackupTarget} from './target.js'

export const STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE', 'REDUCED_REDUNDANCY'] as const

/** A backup job as an entry point states it; every field may also come from the environment. */
export interface BackupInput {
  /** Index names, aliases or wildcards; a comma-separated string works too (INDICES). */
  indices?: string[] | string
  /** OUTPUT_BUCKET */
  bucket?: string
  /** OUTPUT_PREFIX */
  prefix?: string
  query?: Record<string, unknown>
  /** Bytes, or a size such as "1GiB" (CHUNK_SIZE). */
  chunkSize?: number | string
  /** CHUNK_DOCS */
  chunkDocs?: number
  /** Bytes, or a size such as "16MiB" (PART_SIZE). */
  partSize?: number | string
  uploadConcurrency?: number
  compressionLevel?: number
  /** SSE */
  sse?: 'AES256' | 'aws:kms'
  /** KMS_KEY_ID */
  kmsKeyId?: string
  /** STORAGE_CLASS */
  storageClass?: string
  batchSize?: number
  slices?: number
  /** --slices auto: `slices` is the most that read at once, and an AIMD limit picks how many do. */
  adaptive?: boolean
  strategy?: ReadStrategy | 'auto'
  keepAlive?: string
  s3Endpoint?: string
  s3Region?: string
  /** Back up what changed since the index's newest backup (INCREMENTAL=true); refused without one. */
  incremental?: boolean
  /** The date field an incremental compares (SINCE_FIELD); default the chain's, else detected in the mapping. */
  sinceField?: string
  /** Re-read this far before the parent's mark: ms, or a time such as "5m" (OVERLAP; default 5 minutes). */
  overlap?: number | string
  /** Start a new chain with a full backup once it holds this many backups (FULL_EVERY). */
  fullEvery?: number
}

/** The pipeline's options for a job, short of what the run itself supplies (resume, pause, progress, signal). */
export type BackupPlanOptions = Omit<BackupOptions, 'source' | 'toolVersion' | 'resume' | 'shouldPause' | 'signal' | 'onProgress' | 'cleanupOnFailure' | 'now'>

export interface BackupSetupContext {
  sources: SettingSources
  /** The OpenSearch side: an open client with its settings (a command's), or input to resolve them from. */
  connection?: ConnectionInput
  client?: {client: Client, settings: ReturnType<typeof resolveSettings>}
  /** Credentials and retry timings of the OpenSearch client (tests). */
  clientOverrides?: ClientOverrides
  /** AWS profile for S3 when no connection profile applies. */
  profile?: string
  /** An S3 client to use instead of one built from the settings (tests); the caller keeps ownership. */
  s3?: S3Client
  /**
   * Check the bucket, its Region and write access before anything is read (default true). Off for a job that
   * continues one already checked: a Lambda continuation, a Step Functions slice after the Plan step.
   */
  preflight?: boolean
  /** Replaces the reader and index wiring (tests). */
  backupDeps?: (s3: S3Client) => Promise<{deps: BackupDeps, source: Manifest['source']}>
}

export interface PreparedBackup {
  options: BackupPlanOptions
  deps: BackupDeps
  s3: S3Client
  source: Manifest['source']
  /**
   * The OpenSearch client the wiring reads through, for jobs that read in other ways too (the Step Functions
   * slices join a point in time their Plan step opened). Absent when the wiring was replaced (tests).
   */
  client?: Client
  /** Releases what the setup opened (the S3 client it built). */
  close(): void
}

/** Options only, without connecting: validation a caller may want before it opens anything. */
export function backupOptionsFrom(input: BackupInput, sources: SettingSources): BackupPlanOptions {
  const target = resolveBackupTarget({bucket: input.bucket, prefix: input.prefix}, sources)
  const indices = indexList(input.indices ?? pickSetting(sources, 'INDICES', 'INDEX'))
  if (indices.length === 0) throw usageError('no index to back up: name one, or set INDICES')
  const sse = input.sse ?? pickSetting(sources, 'SSE')
  const kmsKeyId = input.kmsKeyId ?? pickSetting(sources, 'KMS_KEY_ID')
  const storageClass = input.storageClass ?? pickSetting(sources, 'STORAGE_CLASS')
  if (sse !== undefined && sse !== 'AES256' && sse !== 'aws:kms') throw usageError(`SSE must be AES256 or aws:kms (got "${sse}")`)
  if (storageClass !== undefined && !(STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
    throw usageError(`unknown storage class "${storageClass}"`, `One of ${STORAGE_CLASSES.join(', ')}.`)
  }

  const objectSettings: S3Settings = {
    ...(sse ? {ServerSideEncryption: sse} : {}),
    ...(kmsKeyId ? {SSEKMSKeyId: kmsKeyId} : {}),
    ...(storageClass ? {StorageClass: storageClass as S3Settings['StorageClass']} : {}),
  }
  const options: BackupPlanOptions = {
    bucket: target.bucket,
    prefix: target.prefix,
    indices,
    ...(input.query ? {query: input.query} : {}),
    read: {batchSize: input.batchSize, slices: input.slices, adaptive: input.adaptive, strategy: input.strategy, keepAlive: input.keepAlive},
    chunkBytes: byteSize(input.chunkSize ?? pickSetting(sources, 'CHUNK_SIZE'), 'chunk size'),
    chunkDocs: input.chunkDocs ?? wholeNumber(pickSetting(sources, 'CHUNK_DOCS'), 'CHUNK_DOCS'),
    partSize: byteSize(input.partSize ?? pickSetting(sources, 'PART_SIZE'), 'part size'),
    queueSize: input.uploadConcurrency,
    compressionLevel: input.compressionLevel,
    s3: objectSettings,
    ...chainOptions(input, sources),
  }
  // Everything the pipeline would refuse is refused here, before a connection is opened.
  validateBackupOptions(options)
  return options
}

/** Options, S3 client and reader wiring for one backup job. */
export async function prepareBackup(input: BackupInput, context: BackupSetupContext): Promise<PreparedBackup> {
  const options = backupOptionsFrom(input, context.sources)
  const settings = context.client?.settings ?? resolveSettings(context.connection ?? {}, {sources: context.sources})
  const s3 = context.s3 ?? (await createS3Client(resolveS3Settings({endpoint: input.s3Endpoint, region: input.s3Region, profile: context.profile ?? settings.profile}, context.sources)))
  const close = () => {
    if (!context.s3) s3.destroy()
  }

  try {
    if (context.preflight !== false) await checkBucketWritable(s3, {bucket: options.bucket, prefix: options.prefix, objectSettings: options.s3})
    if (context.backupDeps) {
      const wiring = await context.backupDeps(s3)
      return {options, deps: wiring.deps, s3, source: wiring.source, close}
    }

    const client = context.client?.client ?? (await createClient(settings, context.clientOverrides))
    const wiring = await serverBackupDeps(client, settings, s3)
    return {options, deps: wiring.deps, s3, source: wiring.source, client, close}
  } catch (error) {
    close()
    throw error
  }
}

/** The chain options, when any of them was given: a plain backup stays what it was. */
function chainOptions(input: BackupInput, sources: SettingSources): Pick<BackupPlanOptions, 'chain'> {
  const flag = input.incremental ?? yes(pickSetting(sources, 'INCREMENTAL'))
  const field = input.sinceField ?? pickSetting(sources, 'SINCE_FIELD')
  const overlap = input.overlap ?? pickSetting(sources, 'OVERLAP')
  const fullEvery = input.fullEvery ?? wholeNumber(pickSetting(sources, 'FULL_EVERY'), 'FULL_EVERY')
  if (!flag && field === undefined && fullEvery === undefined) {
    if (overlap !== undefined) throw usageError('--overlap applies to incremental backups only', 'Add --incremental.')
    return {}
  }

  if (fullEvery !== undefined && !(Number.isInteger(fullEvery) && fullEvery >= 1)) throw usageError(`--full-every must be a positive whole number (got ${fullEvery})`)
  const overlapMs = overlap === undefined ? undefined : durationMs(overlap)
  return {chain: {incremental: Boolean(flag) || fullEvery !== undefined, ...(field ? {field} : {}), ...(overlapMs === undefined ? {} : {overlapMs}), ...(fullEvery === undefined ? {} : {fullEvery})}}
}

function yes(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined
  if (/^(1|true|yes)$/i.test(value)) return true
  if (/^(0|false|no)$/i.test(value)) return false
  throw usageError(`INCREMENTAL must be true or false (got "${value}")`)
}

const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}

function durationMs(value: number | string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(String(value).trim())
  if (!match) throw usageError(`--overlap must be a time such as 30s, 5m or 1h (got "${value}")`)
  return Number(match[1]) * UNIT_MS[match[2]!]!
}

function indexList(raw: string[] | string | undefined): string[] {
  const names = Array.isArray(raw) ? raw : (raw ?? '').split(',')
  return names.map((name) => String(name).trim()).filter(Boolean)
}

function byteSize(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value === 'number') return value
  const bytes = parseByteSize(value)
  if (bytes === undefined) throw usageError(`the ${name} must be a size such as 16MiB or 1GiB (got "${value}")`)
  return bytes
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw usageError(`${name} must be a positive whole number (got "${value}")`)
  return n
}
