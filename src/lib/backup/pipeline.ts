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
 * This file runs the indices in turn and cleans up after a failure; index-backup.ts backs up one index, and the
 * reader is injected (`deps.openReader`), so there is no paging loop here.
 */
import {AossError} from '../errors.js'
import {ndjsonBuffers} from '../read/ndjson.js'
import type {Hit} from '../read/types.js'
import {keyProblem} from '../s3/keys.js'
import {deleteQuietly} from '../s3/objects.js'
import {detectSinceField, planChain} from './chain.js'
import {type BackupCheckpoint, CHECKPOINT_KIND, type IndexProgress} from './checkpoint.js'
import {IndexBackup, type RunContext} from './index-backup.js'
import {backupDir, backupStamp, normalizePrefix, s3Uri} from './layout.js'
import {type BackupDeps, type BackupOptions, type BackupResult, type IndexReport, validateBackupOptions} from './options.js'
import {latestChainLink} from './store.js'

export {BACKUP_DEFAULTS, type BackupDeps, type BackupOptions, type BackupProgress, type BackupReport, type BackupResult, type IndexReport, MAX_PARTS, MIN_PART_SIZE, type PageSource, type S3Settings, validateBackupOptions} from './options.js'

export async function runBackup(options: BackupOptions, deps: BackupDeps): Promise<BackupResult> {
  const limits = validateBackupOptions(options)
  const started = performance.now()
  const checkpoint = options.resume ?? (await newCheckpoint(options, deps))
  checkCheckpoint(checkpoint, options)
  const run: RunContext = {
    options,
    deps,
    checkpoint,
    limits,
    Upload: (await import('@aws-sdk/lib-storage')).Upload,
    toNdjson: deps.toNdjson ?? hitsToNdjson,
    warnings: [],
    stored: [],
    docsWritten: 0,
    chainLink: (entry) => chainLink(options, deps, checkpoint.prefix, entry),
  }

  let paused = false
  try {
    for (const entry of checkpoint.indices) {
      if (entry.status === 'done') continue
      if ((await new IndexBackup(entry, run).run()) === 'paused') {
        paused = true
        break
      }
    }
  } catch (error) {
    if ((options.cleanupOnFailure ?? true) && run.stored.length > 0) await deleteQuietly(deps.s3, options.bucket, ...run.stored)
    throw error
  }

  return result(run, paused, Math.round(performance.now() - started))
}

/** A checkpoint is read back from S3, so what it names is checked like any other input before use. */
function checkCheckpoint(checkpoint: BackupCheckpoint, options: BackupOptions): void {
  const prefix = normalizePrefix(options.prefix)
  if (checkpoint.bucket !== options.bucket || normalizePrefix(checkpoint.prefix) !== prefix) {
    throw new AossError('USAGE', `the checkpoint belongs to s3://${checkpoint.bucket}/${checkpoint.prefix}, not s3://${options.bucket}/${prefix}`)
  }

  for (const entry of checkpoint.indices) {
    if (typeof entry.dir !== 'string' || !entry.dir.startsWith(normalizePrefix(checkpoint.prefix)) || keyProblem(entry.dir)) {
      throw new AossError('USAGE', `the checkpoint names the folder ${JSON.stringify(entry.dir)}, which is not a backup folder under s3://${options.bucket}/${prefix}`)
    }
  }
}

function result(run: RunContext, paused: boolean, durationMs: number): BackupResult {
  const {options, checkpoint, warnings, docsWritten} = run
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
    ...(entry.slices ? {slices: entry.slices} : {}),
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

/** A page as the NDJSON bytes export writes: the same encoder, so a backup's lines equal an export's. */
export function hitsToNdjson(hits: Hit[]): Buffer {
  const pieces = [...ndjsonBuffers(hits, 'hit', Number.POSITIVE_INFINITY)]
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces)
}
