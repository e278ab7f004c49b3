/**
 * Where a backup's objects live. One backup of one index is one "directory":
 *
 *   s3://BUCKET/PREFIX/INDEX/<UTC stamp>/part-00000.ndjson.gz
 *                                       part-00001.ndjson.gz …
 *                                       checkpoint.json   (only while a scheduled run is continuing)
 *                                       manifest.json     (written last: its presence means "complete")
 *
 * Keys are deterministic (chunk N of a directory always has the same key), so a run that resumes from a checkpoint
 * overwrites a half-written chunk instead of leaving a second copy next to it. Every key is built by s3/keys.ts,
 * which refuses `.`/`..` and empty segments: a prefix, an index name or a checkpoint cannot point a write elsewhere.
 */
import {usageError} from '../errors.js'
import {checkedKey, folderKey, keyPrefix, objectKey} from '../s3/keys.js'
import {MANIFEST_FILE} from './manifest.js'

export const CHECKPOINT_FILE = 'checkpoint.json'
/** The plan of a fanned-out backup (Step Functions): which slices read what, under which point in time. */
export const PLAN_FILE = 'plan.json'
/** `part-00000.ndjson.gz`, or `part-003-00000.ndjson.gz` when each slice of a fanned-out backup writes its own series. */
const CHUNK_FILE = /^part-(?:\d{3,}-)?(\d{5,})\.ndjson\.gz$/
/** `checkpoint.json`, or `checkpoint-003.json`: one per slice of a fanned-out backup. */
const CHECKPOINT_NAME = /^checkpoint(?:-\d{3,})?\.json$/
/** `2026-11-27T20-00-00Z`: sortable, and free of ':' which some tools and file systems refuse. */
const STAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:\.(\d{3}))?Z$/

/** The directory name for a backup that started at `date` (UTC, whole seconds). */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-')
}

/** The start time a stamp stands for, or undefined when the name is not a stamp. */
export function parseStamp(stamp: string): Date | undefined {
  const match = STAMP.exec(stamp)
  if (!match) return undefined
  const date = new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}.${match[5] ?? '000'}Z`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** `a/b/` from ` /a//b/ `: no leading slash, exactly one trailing slash, or '' for the bucket root; `..` is refused. */
export function normalizePrefix(prefix: string | undefined): string {
  return keyPrefix(prefix)
}

/** The directory of one index's backup, with a trailing slash. */
export function backupDir(prefix: string | undefined, index: string, stamp: string): string {
  return folderKey(normalizePrefix(prefix), {value: index, what: 'index name'}, {value: stamp, what: 'backup stamp'})
}

export function chunkKey(dir: string, n: number): string {
  return objectKey(dir, {value: `part-${String(n).padStart(5, '0')}.ndjson.gz`, what: 'chunk name'})
}

/** Chunk `n` of one slice: every slice of a fanned-out backup numbers its own chunks, so slices never collide. */
export function sliceChunkKey(dir: string, slice: number, n: number): string {
  return objectKey(dir, {value: `part-${String(slice).padStart(3, '0')}-${String(n).padStart(5, '0')}.ndjson.gz`, what: 'chunk name'})
}

/** Where one slice of a fanned-out backup records its progress between invocations. */
export function sliceCheckpointKey(dir: string, slice: number): string {
  return objectKey(dir, {value: `checkpoint-${String(slice).padStart(3, '0')}.json`, what: 'checkpoint name'})
}

export function planKey(dir: string): string {
  return objectKey(dir, {value: PLAN_FILE, what: 'plan name'})
}

export function manifestKey(dir: string): string {
  return objectKey(dir, {value: MANIFEST_FILE, what: 'manifest name'})
}

export function checkpointKey(dir: string): string {
  return objectKey(dir, {value: CHECKPOINT_FILE, what: 'checkpoint name'})
}

export interface ParsedKey {
  index: string
  stamp: string
  /** Directory key with trailing slash. */
  dir: string
  file: string
  kind: 'chunk' | 'manifest' | 'checkpoint' | 'other'
  /** Chunk number, for chunks. */
  chunk?: number
}

/** Recognises `PREFIX/INDEX/STAMP/FILE`; anything else under the prefix is not ours and yields undefined. */
export function parseBackupKey(prefix: string | undefined, key: string): ParsedKey | undefined {
  const base = normalizePrefix(prefix)
  if (!key.startsWith(base)) return undefined
  const parts = key.slice(base.length).split('/')
  if (parts.length !== 3) return undefined
  const [index, stamp, file] = parts
  if (!index || !file || !parseStamp(stamp)) return undefined
  const dir = `${base}${index}/${stamp}/`
  const chunk = CHUNK_FILE.exec(file)
  if (chunk) return {index, stamp, dir, file, kind: 'chunk', chunk: Number(chunk[1])}
  if (file === MANIFEST_FILE) return {index, stamp, dir, file, kind: 'manifest'}
  if (CHECKPOINT_NAME.test(file)) return {index, stamp, dir, file, kind: 'checkpoint'}
  return {index, stamp, dir, file, kind: 'other'}
}

export interface S3Location {
  bucket: string
  key: string
}

/** `s3://bucket/key`. A URI naming a backup directory (not a .json object) points at that directory's manifest. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri.trim())
  if (!match || !match[1]) {
    throw usageError(`not an S3 URI: ${uri}`, 'Use s3://BUCKET/PREFIX/INDEX/STAMP/manifest.json (as `aoss backup list` prints it).')
  }

  const key = match[2]
  if (key.endsWith('.json')) return {bucket: match[1], key: checkedKey(key, 'the manifest key')}
  return {bucket: match[1], key: manifestKey(normalizePrefix(key))}
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`
}
