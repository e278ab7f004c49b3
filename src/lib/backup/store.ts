/**
 * Reading backups back: list what a bucket holds, read a manifest, verify that a backup is intact.
 */
import type {S3Client} from '@aws-sdk/client-s3'

import {AossError} from '../errors.js'
import {keyFolder, keyInside} from '../s3/keys.js'
import {normalizePrefix, parseBackupKey, parseStamp, type S3Location, s3Uri} from './layout.js'
import {type ChainLink, resolveChain} from './chain.js'
import {type ChunkEntry, type Manifest, ManifestError, parseManifest} from './manifest.js'
import {mapLimit} from './map-limit.js'
import {toS3Error} from '../s3/errors.js'
import {type CheckChunksOptions, type ChunkCheck, checkChunks, ChunkProblem} from './verify-chunks.js'

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
  /** Its place in an incremental chain (0 = the full backup it starts from). */
  chain?: ChainLink
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
        ...(manifest.chain ? {chain: manifest.chain} : {}),
      }
    } catch (error) {
      return {...base, manifest: s3Uri(options.bucket, group.manifest), problem: (error as Error).message}
    }
  })

  return summaries.sort((a, b) => a.index.localeCompare(b.index) || b.stamp.localeCompare(a.stamp))
}

/** The newest complete backup of `index` under the prefix that is part of a chain: the parent of the next link. */
export async function latestChainLink(s3: S3Client, bucket: string, prefix: string | undefined, index: string): Promise<{key: string, chain: ChainLink} | undefined> {
  const backups = await listBackups(s3, {bucket, prefix, indices: [index]})
  const newest = backups.find((backup) => backup.complete && backup.chain && backup.index === index)
  if (!newest?.manifest || !newest.chain) return undefined
  return {key: newest.manifest.slice(`s3://${bucket}/`.length), chain: newest.chain}
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

export interface VerifyReport {
  manifest: string
  ok: boolean
  index: string
  docs: number
  bytes: number
  chunks: ChunkCheck[]
  /** Chunks that failed, for the summary line. */
  failed: number
  /** For an incremental: every manifest of its chain, the full backup first. */
  chain?: string[]
}

export type VerifyOptions = CheckChunksOptions

/**
 * Reads every chunk a manifest lists and compares size and sha256 with the manifest. Objects in archive storage
 * classes cannot be read and show as unreadable.
 */
export async function verifyBackup(s3: S3Client, location: S3Location, options: VerifyOptions = {}): Promise<VerifyReport> {
  const manifest = await readManifest(s3, location)
  // An incremental is only as good as its chain: every link back to the full backup is read and checked.
  const links = manifest.chain?.parent ? await resolveChain(location.key, (key) => readManifest(s3, {bucket: location.bucket, key})) : [{key: location.key, manifest}]
  const chunks: ChunkEntry[] = []
  for (const link of links) {
    const own = link.manifest.indices.flatMap((entry) => entry.chunks)
    // Every key is checked before any is read: a manifest must not make verify vouch for another prefix's objects.
    for (const chunk of own) keyInside(chunk.key, keyFolder(link.key), 'chunk key')
    chunks.push(...own)
  }

  const checks = await checkChunks(chunks, (chunk) => openChunk(s3, location.bucket, chunk.key), options)
  const failed = checks.filter((check) => !check.ok).length
  const all = links.map((link) => link.manifest)
  return {
    manifest: s3Uri(location.bucket, location.key),
    ok: failed === 0,
    index: manifest.indices.map((entry) => entry.name).join(','),
    docs: all.reduce((sum, m) => sum + m.indices.reduce((n, entry) => n + entry.docs, 0), 0),
    bytes: all.reduce((sum, m) => sum + m.indices.reduce((n, entry) => n + entry.bytes, 0), 0),
    chunks: checks,
    failed,
    ...(links.length > 1 ? {chain: links.map((link) => s3Uri(location.bucket, link.key))} : {}),
  }
}

/** A chunk's body; a missing or unreadable one is reported with the others, while access and network errors stop the check. */
async function openChunk(s3: S3Client, bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
  const {GetObjectCommand} = await import('@aws-sdk/client-s3')
  try {
    const response = await s3.send(new GetObjectCommand({Bucket: bucket, Key: key}))
    return unreadableOnError(response.Body as AsyncIterable<Uint8Array>)
  } catch (error) {
    const translated = toS3Error(error, {action: 'reading a chunk', bucket, key})
    if (translated.code === 'NOT_FOUND') throw new ChunkProblem('missing')
    if (translated.code === 'FORBIDDEN' || translated.code === 'NO_CREDENTIALS' || translated.code === 'UNREACHABLE') throw translated
    throw new ChunkProblem('unreadable', translated.message)
  }
}

async function* unreadableOnError(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* body
  } catch (error) {
    throw new ChunkProblem('unreadable', (error as Error).message)
  }
}
