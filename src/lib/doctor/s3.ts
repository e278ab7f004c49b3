/**
 * The S3 side of backup and restore: the bucket answers, in which Region, and — only when asked, because it
 * writes — a tiny object under the prefix is written (with the SSE-KMS key, when one is set) and deleted again.
 */
import {randomUUID} from 'node:crypto'

import type {S3Client} from '@aws-sdk/client-s3'

import {type Check, check} from './types.js'

export interface S3CheckInput {
  client: S3Client
  bucket: string
  prefix: string
  /** The Region the client signs for. */
  region: string
  writeCheck: boolean
  sse?: 'AES256' | 'aws:kms'
  kmsKeyId?: string
}

export async function s3Checks(input: S3CheckInput): Promise<Check[]> {
  const {HeadBucketCommand, PutObjectCommand, DeleteObjectCommand} = await import('@aws-sdk/client-s3')
  const checks: Check[] = []
  try {
    const head = await input.client.send(new HeadBucketCommand({Bucket: input.bucket}))
    const region = head.BucketRegion
    checks.push(check('s3', 'bucket', 'ok', `bucket ${input.bucket} answers${region ? ` (Region ${region})` : ''}`, undefined, {region}))
    if (region && region !== input.region) {
      checks.push(check('s3', 'region', 'warn', `the bucket is in ${region}, requests are signed for ${input.region}`, `Pass --s3-region ${region}: every request would otherwise be redirected or refused.`, {bucketRegion: region, signed: input.region}))
    }
  } catch (error) {
    const status = (error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode
    const name = (error as {name?: string}).name ?? 'error'
    const evidence = status === 404 || name === 'NotFound' || name === 'NoSuchBucket'
      ? `bucket ${input.bucket} does not exist`
      : status === 403 ? `bucket ${input.bucket}: access denied (403)` : `bucket ${input.bucket}: ${name} ${(error as Error).message ?? ''}`.trim()
    const fix = status === 403 ? 'Allow s3:ListBucket on the bucket (HeadBucket) and s3:PutObject/GetObject on the prefix.' : 'Check --bucket (or OUTPUT_BUCKET), --s3-region and --s3-endpoint.'
    checks.push(check('s3', 'bucket', 'fail', evidence, fix, {status}))
    return checks
  }

  if (!input.writeCheck) {
    checks.push(check('s3', 'write', 'skip', `write permission on s3://${input.bucket}/${input.prefix} not tried`, 'Add --write-check to write and delete one tiny object there.'))
    return checks
  }

  const key = `${input.prefix.replace(/^\/+|\/+$/g, '')}${input.prefix ? '/' : ''}.aoss-doctor-${randomUUID()}`
  try {
    await input.client.send(new PutObjectCommand({
      Bucket: input.bucket,
      Key: key,
      Body: 'aoss doctor write check\n',
      ...(input.sse ? {ServerSideEncryption: input.sse} : {}),
      ...(input.kmsKeyId ? {SSEKMSKeyId: input.kmsKeyId} : {}),
    }))
    await input.client.send(new DeleteObjectCommand({Bucket: input.bucket, Key: key}))
    checks.push(check('s3', 'write', 'ok', `wrote and deleted s3://${input.bucket}/${key}${input.sse === 'aws:kms' ? ` with SSE-KMS${input.kmsKeyId ? ` key ${input.kmsKeyId}` : ''}` : ''}`))
  } catch (error) {
    const name = (error as {name?: string}).name ?? 'error'
    const kms = /KMS/i.test(name) || /KMS/i.test((error as Error).message ?? '')
    checks.push(check('s3', kms ? 'kms' : 'write', 'fail', `cannot write s3://${input.bucket}/${key}: ${name}`, kms
      ? 'Allow kms:GenerateDataKey (and kms:Decrypt for restore) on the key, or check --kms-key-id.'
      : 'Allow s3:PutObject and s3:DeleteObject on the prefix.'))
  }

  return checks
}
