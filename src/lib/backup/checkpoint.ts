/**
 * Where a backup run stands, so that a run that must stop (the Lambda's deadline) can continue elsewhere.
 * It is written only after the chunks it lists are stored: resuming never skips data, and since the reader
 * continues after the last written hit and chunk keys are numbered, it never duplicates any either.
 *
 * Stored beside the partial backup (`…/INDEX/STAMP/checkpoint.json`) and deleted once the manifest is written.
 */
import type {ChainLink} from './chain.js'
import type {S3Client} from '@aws-sdk/client-s3'

import {AossError} from '../errors.js'
import type {ReadCheckpoint, ReadStrategy} from '../read/types.js'
import {checkedKey} from '../s3/keys.js'
import type {IndexMeta} from './index-meta.js'
import {checkpointKey, normalizePrefix} from './layout.js'
import type {ChunkEntry, Manifest} from './manifest.js'
import {toS3Error} from '../s3/errors.js'

export const CHECKPOINT_KIND = 'aoss-backup-checkpoint'

export interface IndexProgress {
  meta: IndexMeta
  status: 'pending' | 'running' | 'done'
  /** Backup directory key (with trailing slash). */
  dir: string
  startedAt?: string
  finishedAt?: string
  strategy?: ReadStrategy
  /** What the reader expected to deliver when this index was first opened. */
  expected?: number
  /** Slices the snapshot was cut into, and with --slices auto how many read at once at the end (the last run's). */
  slices?: {count: number, settled?: number}
  /** Stored chunks, in order. */
  chunks: ChunkEntry[]
  /** Reader position after the last stored chunk. */
  read?: ReadCheckpoint
  manifestKey?: string
  /** This index's place in an incremental chain, decided when it started (kept across pauses). */
  chain?: ChainLink
}

/** What every record of one backup run carries (the checkpoint, the fan-out's plan files): where, when, what from. */
export interface BackupRunFacts {
  version: 1
  bucket: string
  prefix: string
  stamp: string
  startedAt: string
  toolVersion: string
  source: Manifest['source']
  query?: Record<string, unknown>
}

export interface BackupCheckpoint extends BackupRunFacts {
  kind: typeof CHECKPOINT_KIND
  indices: IndexProgress[]
}

/** The key the checkpoint of a run lives under: beside the index the run is working on. */
export function checkpointLocation(checkpoint: BackupCheckpoint): string {
  const current = checkpoint.indices.find((entry) => entry.status !== 'done') ?? checkpoint.indices.at(-1)
  return checkpointKey(current?.dir ?? normalizePrefix(checkpoint.prefix))
}

export async function saveCheckpoint(s3: S3Client, checkpoint: BackupCheckpoint, extra: {ServerSideEncryption?: string, SSEKMSKeyId?: string} = {}): Promise<string> {
  const {PutObjectCommand} = await import('@aws-sdk/client-s3')
  const key = checkpointLocation(checkpoint)
  try {
    await s3.send(new PutObjectCommand({
      Bucket: checkpoint.bucket,
      Key: key,
      Body: JSON.stringify(checkpoint),
      ContentType: 'application/json',
      ...(extra.ServerSideEncryption ? {ServerSideEncryption: extra.ServerSideEncryption as 'AES256'} : {}),
      ...(extra.SSEKMSKeyId ? {SSEKMSKeyId: extra.SSEKMSKeyId} : {}),
    }))
  } catch (error) {
    throw toS3Error(error, {action: 'storing the backup checkpoint', bucket: checkpoint.bucket, key})
  }

  return key
}

export async function loadCheckpoint(s3: S3Client, bucket: string, key: string): Promise<BackupCheckpoint> {
  const {GetObjectCommand} = await import('@aws-sdk/client-s3')
  let text: string
  try {
    const response = await s3.send(new GetObjectCommand({Bucket: bucket, Key: checkedKey(key, 'the checkpoint key')}))
    text = await (response.Body as {transformToString(): Promise<string>}).transformToString()
  } catch (error) {
    throw toS3Error(error, {action: 'reading the backup checkpoint', bucket, key})
  }

  let value: Partial<BackupCheckpoint>
  try {
    value = JSON.parse(text) as Partial<BackupCheckpoint>
  } catch {
    value = {}
  }

  if (value.kind !== CHECKPOINT_KIND || value.version !== 1 || !Array.isArray(value.indices) || typeof value.stamp !== 'string') {
    throw new AossError('USAGE', `s3://${bucket}/${key} is not an aoss backup checkpoint`, {details: {bucket, key}})
  }

  return value as BackupCheckpoint
}
