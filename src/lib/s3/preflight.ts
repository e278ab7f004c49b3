/**
 * Checks, before a job reads anything, that it will be able to write where it is told to: the bucket exists, lives
 * in the client's Region, and the credentials may start (and abort) a multipart upload under the prefix. Without
 * this, a missing bucket or a missing key pair surfaces only when the first chunk is uploaded, after the whole
 * first chunk of the index — possibly all of it — has been read.
 *
 * HeadBucket answers existence, Region and read access; only a write tells about write permission, and a
 * multipart create + abort is the one write that leaves no object behind (s3:PutObject covers it, and
 * s3:AbortMultipartUpload is needed by the backup anyway).
 */
import type {S3Client} from '@aws-sdk/client-s3'

import {AossError} from '../errors.js'
import {toS3Error} from './errors.js'
import {keyPrefix, objectKey} from './keys.js'

export interface WriteCheck {
  bucket: string
  prefix?: string
  /** The objects' encryption settings: with SSE-KMS, the create also proves the KMS key may be used. */
  objectSettings?: Record<string, unknown>
}

/** The probe's key; never completed, so no object of that name ever exists. */
export const PREFLIGHT_FILE = '.aoss-write-check'

interface SdkError {
  name?: string
  $metadata?: {httpStatusCode?: number}
  $response?: {headers?: Record<string, string | undefined>}
}

export async function checkBucketWritable(s3: S3Client, check: WriteCheck): Promise<void> {
  // Loaded here, as everywhere: the S3 client costs ~350 ms to import, and commands that never reach S3 must not pay it.
  const {AbortMultipartUploadCommand, CreateMultipartUploadCommand, HeadBucketCommand} = await import('@aws-sdk/client-s3')
  const {bucket} = check
  try {
    await s3.send(new HeadBucketCommand({Bucket: bucket}))
  } catch (error) {
    throw headBucketError(error, bucket)
  }

  const key = objectKey(keyPrefix(check.prefix), {value: PREFLIGHT_FILE, what: 'write check'})
  let uploadId: string | undefined
  try {
    uploadId = (await s3.send(new CreateMultipartUploadCommand({Bucket: bucket, Key: key, ...check.objectSettings}))).UploadId
  } catch (error) {
    throw toS3Error(error, {action: 'checking write access before reading', bucket, key})
  }

  if (uploadId === undefined) return
  try {
    await s3.send(new AbortMultipartUploadCommand({Bucket: bucket, Key: key, UploadId: uploadId}))
  } catch (error) {
    // Some S3-compatible stores do not implement abort (405/501); the create already proved write access.
    const status = (error as SdkError).$metadata?.httpStatusCode
    if (status === 405 || status === 501) return
    throw toS3Error(error, {action: 'aborting the write check', bucket, key})
  }
}

/** HeadBucket has no body, so its errors carry only a status: name them as S3 would. */
function headBucketError(error: unknown, bucket: string): AossError {
  const e = (error ?? {}) as SdkError
  const status = e.$metadata?.httpStatusCode
  const action = 'checking the bucket before reading'
  if (status === 404) return toS3Error(Object.assign(new Error('no such bucket'), {name: 'NoSuchBucket', $metadata: e.$metadata}), {action, bucket})
  if (status === 301 || status === 400 && e.$response?.headers?.['x-amz-bucket-region']) {
    const region = e.$response?.headers?.['x-amz-bucket-region']
    return new AossError('USAGE', `${action}: bucket ${bucket} lives in another Region${region ? ` (${region})` : ''}`, {
      cause: error,
      statusCode: status,
      details: {bucket, ...(region ? {bucketRegion: region} : {})},
      hints: [region ? `Pass --s3-region ${region} (or set AWS_REGION).` : "Pass --s3-region with the bucket's Region."],
    })
  }

  return toS3Error(error, {action, bucket})
}
