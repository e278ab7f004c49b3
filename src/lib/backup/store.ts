/**
 * Reading backups back: list what a bucket holds, read a manifest, verify that a backup is intact.
 */
import {createHash} from 'node:crypto'

import type {S3Client} from '@aws-sdk/client-s3'

import {AossError} from '../errors.js'
import {normalizePrefix, parseBackupKey, parseStamp, type S3Location, s3Uri} from './layout.js'
import {type ChunkEntry, type Manifest, ManifestError, parseManifest} from './manifest.js'
import {toS3Error} from './s3.js'

export interface BackupSummary {
  index: string
  stamp: string
  /** When the backup started (from the stamp; the manifest's own time when complete). */
  startedAt: string
  finishedAt?: string
  /** True when the manifest exists and parses: the backup is restorable. */
  complete: boolean
  /** A Lambda run that stopped at its deadline and continues (or was abandoned) left a checkpoint. */
  checkpoint: boolean
  docs?: number
  /** Bytes stored in chunk objects. */
  bytes: number
  chunks: number
  /** `s3://bucket/prefix/index/stamp/` */
  location: string
  manifest?: string
  /** Why a manifest that exists could not be read. */
  problem?: string
}

export interface ListOptions {
  bucket: string
  prefix?: string
  /** Only backups of these indexes. */
  indices?: string[]
}

/** Every backup under the prefix, newest first per index; incomplete ones included and marked. */
export async function listBackups(s3: S3Client, options: ListOptions): Promise<BackupSummary[]> {
  const {ListObjectsV2Command} = await import('@aws-sdk/client-s3')
  const groups = new Map<string, {index: string, stamp: string, dir: string, bytes: number, chunks: number, manifest?: string, checkpoint: boolean}>()
  let token: string | undefined
  do {
    let page
    try {
      page = await s3.send(new ListObjectsV2Command({Bucket: options.bucket, Prefix: normalizePrefix(options.prefix) || undefined, ContinuationToken: token}))
    } catch (error) {
      throw toS3Error(error, {action: 'listing backups', bucket: options.bucket})
    }

    for (const object of page.Contents ?? []) {
      const parsed = object.Key ? parseBackupKey(options.prefix, object.Key) : undefined
      if (!parsed) continue
      if (options.indices && !options.indices.includes(parsed.index)) continue
      const group = groups.get(parsed.dir) ?? {index: parsed.index, stamp: parsed.stamp, dir: parsed.dir, bytes: 0, chunks: 0, checkpoint: false}
      if (parsed.kind === 'chunk') {
        group.chunks++
        group.bytes += object.Size ?? 0
      } else if (parsed.kind === 'manifest') {
        group.manifest = object.Key
      } else if (parsed.kind === 'checkpoint') {
        group.checkpoint = true
      }

      groups.set(parsed.dir, group)
    }

    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)

  const summaries = await mapLimit([...groups.values()], 8, async (group): Promise<BackupSummary> => {
    const base: BackupSummary = {
      index: group.index,
      stamp: group.stamp,
      startedAt: (parseStamp(group.stamp) as Date).toISOString(),
      complete: false,
      checkpoint: group.checkpoint,
      bytes: group.bytes,
      chunks: group.chunks,
      location: s3Uri(options.bucket, group.dir),
    }
    if (!group.manifest) return base
    try {
      const manifest = await readManifest(s3, {bucket: options.bucket, key: group.manifest})
      const entry = manifest.indices[0]
      return {
        ...base,
        complete: true,
        startedAt: manifest.startedAt,
        finishedAt: manifest.finishedAt,
        docs: manifest.indices.reduce((sum, e) => sum + e.docs, 0),
        bytes: manifest.indices.reduce((sum, e) => sum + e.bytes, 0),
        chunks: entry ? manifest.indices.reduce((sum, e) => sum + e.chunks.length, 0) : 0,
        manifest: s3Uri(options.bucket, group.manifest),
      }
    } catch (error) {
      return {...base, manifest: s3Uri(options.bucket, group.manifest), problem: (error as Error).message}
    }
  })

  return summaries.sort((a, b) => a.index.localeCompare(b.index) || b.stamp.localeCompare(a.stamp))
}

/** Reads and validates a manifest; NOT_FOUND when it is missing, USAGE when it is not a valid manifest. */
export async function readManifest(s3: S3Client, location: S3Location): Promise<Manifest> {
  const {GetObjectCommand} = await import('@aws-sdk/client-s3')
  let text: string
  try {
    const response = await s3.send(new GetObjectCommand({Bucket: location.bucket, Key: location.key}))
    text = await (response.Body as {transformToString(): Promise<string>}).transformToString()
  } catch (error) {
    const translated = toS3Error(error, {action: 'reading the manifest', bucket: location.bucket, key: location.key})
    if (translated.code === 'NOT_FOUND' && translated.details?.s3Code !== 'NoSuchBucket') {
      throw new AossError('NOT_FOUND', `no manifest at ${s3Uri(location.bucket, location.key)}`, {
        cause: error,
        details: translated.details,
        hints: ['A backup without a manifest is incomplete (it failed or is still running). `aoss backup list` shows which are complete.'],
      })
    }

    throw translated
  }

  try {
    return parseManifest(text)
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new AossError('USAGE', `${s3Uri(location.bucket, location.key)} is not a valid aoss manifest: ${error.message}`, {details: {bucket: location.bucket, key: location.key}})
    }

    throw error
  }
}

export interface ChunkCheck {
  key: string
  ok: boolean
  expectedBytes: number
  expectedSha256: string
  bytes?: number
  sha256?: string
  problem?: 'missing' | 'size' | 'sha256' | 'unreadable'
  detail?: string
}

export interface VerifyReport {
  manifest: string
  ok: boolean
  index: string
  docs: number
  bytes: number
  chunks: ChunkCheck[]
  /** Chunks that failed, for the summary line. */
  failed: number
}

export interface VerifyOptions {
  /** Chunks read at once (default 4). */
  concurrency?: number
  onChunk?: (check: ChunkCheck, done: number, total: number) => void
}

/**
 * Reads every chunk a manifest lists and compares size and sha256 with the manifest. Chunks are streamed through
 * the hash, never held in memory. Objects in archive storage classes cannot be read and show as unreadable.
 */
export async function verifyBackup(s3: S3Client, location: S3Location, options: VerifyOptions = {}): Promise<VerifyReport> {
  const manifest = await readManifest(s3, location)
  const chunks: ChunkEntry[] = manifest.indices.flatMap((entry) => entry.chunks)
  let done = 0
  const checks = await mapLimit(chunks, options.concurrency ?? 4, async (chunk) => {
    const check = await verifyChunk(s3, location.bucket, chunk)
    options.onChunk?.(check, ++done, chunks.length)
    return check
  })
  const failed = checks.filter((check) => !check.ok).length
  return {
    manifest: s3Uri(location.bucket, location.key),
    ok: failed === 0,
    index: manifest.indices.map((entry) => entry.name).join(','),
    docs: manifest.indices.reduce((sum, entry) => sum + entry.docs, 0),
    bytes: manifest.indices.reduce((sum, entry) => sum + entry.bytes, 0),
    chunks: checks,
    failed,
  }
}

async function verifyChunk(s3: S3Client, bucket: string, chunk: ChunkEntry): Promise<ChunkCheck> {
  const {GetObjectCommand} = await import('@aws-sdk/client-s3')
  const base = {key: chunk.key, expectedBytes: chunk.bytes, expectedSha256: chunk.sha256}
  let body: AsyncIterable<Uint8Array>
  try {
    const response = await s3.send(new GetObjectCommand({Bucket: bucket, Key: chunk.key}))
    body = response.Body as AsyncIterable<Uint8Array>
  } catch (error) {
    const translated = toS3Error(error, {action: 'reading a chunk', bucket, key: chunk.key})
    if (translated.code === 'NOT_FOUND') return {...base, ok: false, problem: 'missing'}
    if (translated.code === 'FORBIDDEN' || translated.code === 'NO_CREDENTIALS' || translated.code === 'UNREACHABLE') throw translated
    return {...base, ok: false, problem: 'unreadable', detail: translated.message}
  }

  const hash = createHash('sha256')
  let bytes = 0
  try {
    for await (const part of body) {
      hash.update(part)
      bytes += part.length
    }
  } catch (error) {
    return {...base, ok: false, problem: 'unreadable', detail: (error as Error).message}
  }

  const sha256 = hash.digest('hex')
  if (bytes !== chunk.bytes) return {...base, ok: false, bytes, sha256, problem: 'size'}
  if (sha256 !== chunk.sha256) return {...base, ok: false, bytes, sha256, problem: 'sha256'}
  return {...base, ok: true, bytes, sha256}
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}
