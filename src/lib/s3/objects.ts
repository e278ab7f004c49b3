/**
 * Small S3 operations every job shares: JSON records (manifests, plans, checkpoints), listing and deleting one
 * backup folder, and aborting the multipart uploads a killed run left open. Keys come from backup/layout.ts (and
 * so from keys.ts); listing is always bounded to one folder.
 */
import type {PutObjectCommandInput, S3Client} from '@aws-sdk/client-s3'

import {toS3Error} from './errors.js'

/** How objects are encrypted at rest; the storage class of chunks does not apply to these small records. */
export type ObjectEncryption = Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'>

export interface PutJsonOptions {
  encryption?: ObjectEncryption
  /** Indented, for records people read (manifests). */
  pretty?: boolean
  /** What the error message says was being done (default "writing KEY"). */
  action?: string
}

export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown, options: PutJsonOptions = {}): Promise<void> {
  const {PutObjectCommand} = await import('@aws-sdk/client-s3')
  const settings = options.encryption ?? {}
  const encryption = {
    ...(settings.ServerSideEncryption ? {ServerSideEncryption: settings.ServerSideEncryption} : {}),
    ...(settings.SSEKMSKeyId ? {SSEKMSKeyId: settings.SSEKMSKeyId} : {}),
  }
  const body = `${options.pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`
  try {
    await s3.send(new PutObjectCommand({Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', ...encryption}))
  } catch (error) {
    throw toS3Error(error, {action: options.action ?? `writing ${key}`, bucket, key})
  }
}

/** The parsed object, or undefined when there is none. */
export async function getJson<T>(s3: S3Client, bucket: string, key: string): Promise<T | undefined> {
  const {GetObjectCommand} = await import('@aws-sdk/client-s3')
  let text: string
  try {
    const response = await s3.send(new GetObjectCommand({Bucket: bucket, Key: key}))
    text = await (response.Body as {transformToString(): Promise<string>}).transformToString()
  } catch (error) {
    const failure = toS3Error(error, {action: `reading ${key}`, bucket, key})
    if (failure.code === 'NOT_FOUND' && failure.details?.s3Code !== 'NoSuchBucket') return undefined
    throw failure
  }

  return JSON.parse(text) as T
}

export async function listKeys(s3: S3Client, bucket: string, folder: string): Promise<string[]> {
  const {ListObjectsV2Command} = await import('@aws-sdk/client-s3')
  const keys: string[] = []
  let token: string | undefined
  do {
    let page
    try {
      page = await s3.send(new ListObjectsV2Command({Bucket: bucket, Prefix: folder, ContinuationToken: token}))
    } catch (error) {
      throw toS3Error(error, {action: `listing ${folder}`, bucket})
    }

    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key)
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return keys
}

/** Best effort: cleanup must not hide the error that made it necessary; what stays shows in `backup list`. */
export async function deleteQuietly(s3: S3Client, bucket: string, ...keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await deleteKeys(s3, bucket, keys.slice(i, i + 1000)).catch(() => {})
}

export async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  const {DeleteObjectsCommand} = await import('@aws-sdk/client-s3')
  for (let i = 0; i < keys.length; i += 1000) {
    try {
      await s3.send(new DeleteObjectsCommand({Bucket: bucket, Delete: {Objects: keys.slice(i, i + 1000).map((Key) => ({Key})), Quiet: true}}))
    } catch (error) {
      throw toS3Error(error, {action: 'deleting backup objects', bucket})
    }
  }
}

/**
 * Aborts every multipart upload open under `folder`. A slice aborts its own upload when it fails, but a Lambda
 * stopped at its hard timeout cannot, and its parts would cost storage until a lifecycle rule removes them.
 */
export async function abortUploads(s3: S3Client, bucket: string, folder: string): Promise<number> {
  const {AbortMultipartUploadCommand, ListMultipartUploadsCommand} = await import('@aws-sdk/client-s3')
  let aborted = 0
  let keyMarker: string | undefined
  let uploadIdMarker: string | undefined
  for (;;) {
    let page
    try {
      page = await s3.send(new ListMultipartUploadsCommand({Bucket: bucket, Prefix: folder, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker}))
    } catch (error) {
      throw toS3Error(error, {action: `listing open uploads under ${folder}`, bucket})
    }

    for (const upload of page.Uploads ?? []) {
      if (!upload.Key || !upload.UploadId || !upload.Key.startsWith(folder)) continue
      try {
        await s3.send(new AbortMultipartUploadCommand({Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId}))
        aborted++
      } catch (error) {
        const failure = toS3Error(error, {action: `aborting the upload of ${upload.Key}`, bucket, key: upload.Key})
        // Gone meanwhile (the slice's own abort got there first) is what we wanted.
        if (failure.code !== 'NOT_FOUND') throw failure
      }
    }

    if (!page.IsTruncated) return aborted
    keyMarker = page.NextKeyMarker
    uploadIdMarker = page.NextUploadIdMarker
  }
}
