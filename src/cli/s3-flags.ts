/**
 * Flags shared by `backup`, `backup list` and `backup verify`: where the backups are and how to reach S3.
 * Values are only gathered here; s3/client.ts and backup/target.ts apply the environment and `.env` (OUTPUT_BUCKET, OUTPUT_PREFIX,
 * AWS_ENDPOINT_URL_S3, AWS_REGION), as connection/settings.ts does for the connection flags.
 */
import {Flags} from '@oclif/core'

import {BACKUP_DEFAULTS} from '../lib/backup/pipeline.js'
import {type BackupInput, STORAGE_CLASSES} from '../lib/backup/setup.js'
import {byteSizeFlag} from './byte-size-flag.js'

export const s3Flags = {
  's3-endpoint': Flags.string({
    summary: 'S3-compatible endpoint (LocalStack, MinIO); env AWS_ENDPOINT_URL_S3. Uses path-style addressing.',
    helpGroup: 'S3',
  }),
  's3-region': Flags.string({summary: "The bucket's region (default AWS_REGION, else us-east-1).", helpGroup: 'S3'}),
}

export const bucketFlags = {
  bucket: Flags.string({char: 'b', summary: 'S3 bucket of the backups (env OUTPUT_BUCKET).', helpGroup: 'S3'}),
  prefix: Flags.string({
    char: 'p',
    summary: 'Key prefix under which backups live, e.g. backups/prod (env OUTPUT_PREFIX; default the bucket root).',
    helpGroup: 'S3',
  }),
}

/** How `backup` writes its objects: encryption, storage class, parts, chunks and compression. */
export const backupObjectFlags = {
  sse: Flags.string({summary: 'Server-side encryption of the objects.', options: ['AES256', 'aws:kms'], helpGroup: 'S3'}),
  'kms-key-id': Flags.string({summary: 'KMS key (id, ARN or alias) for --sse aws:kms.', dependsOn: ['sse'], helpGroup: 'S3'}),
  'storage-class': Flags.string({summary: 'S3 storage class of the chunks (the manifest stays STANDARD).', options: [...STORAGE_CLASSES], helpGroup: 'S3'}),
  'part-size': byteSizeFlag({summary: 'Multipart part size, at least 5MiB (default 16MiB). Memory ≈ part size × (upload concurrency + 1).', helpGroup: 'S3'}),
  'upload-concurrency': Flags.integer({summary: `Parts uploaded in parallel (default ${BACKUP_DEFAULTS.queueSize}).`, min: 1, max: 64, helpGroup: 'S3'}),
  'chunk-size': byteSizeFlag({summary: 'Roll over to a new chunk object after this many stored bytes (default 1GiB).'}),
  'chunk-docs': Flags.integer({summary: 'Roll over to a new chunk object after this many documents.', min: 1}),
  'compression-level': Flags.integer({summary: `gzip level 1 (fast) to 9 (small); default ${BACKUP_DEFAULTS.compressionLevel}.`, min: 1, max: 9}),
}

interface BackupFlagValues {
  bucket?: string
  prefix?: string
  's3-endpoint'?: string
  's3-region'?: string
  sse?: string
  'kms-key-id'?: string
  'storage-class'?: string
  'part-size'?: number
  'upload-concurrency'?: number
  'chunk-size'?: number
  'chunk-docs'?: number
  'compression-level'?: number
}

/** Where and how a backup writes, from the flags above, as the shared backup setup takes it. */
export function backupTargetFrom(flags: BackupFlagValues): BackupInput {
  return {
    bucket: flags.bucket,
    prefix: flags.prefix,
    s3Endpoint: flags['s3-endpoint'],
    s3Region: flags['s3-region'],
    sse: flags.sse as BackupInput['sse'],
    kmsKeyId: flags['kms-key-id'],
    storageClass: flags['storage-class'],
    partSize: flags['part-size'],
    uploadConcurrency: flags['upload-concurrency'],
    chunkSize: flags['chunk-size'],
    chunkDocs: flags['chunk-docs'],
    compressionLevel: flags['compression-level'],
  }
}
