/** Helpers for the fan-out tests: seeded indices, Lambda clocks that pause after one page, reading chunks back. */
import {gunzipSync} from 'node:zlib'

import {GetObjectCommand, type S3Client} from '@aws-sdk/client-s3'

import type {Manifest} from '../../src/lib/backup/manifest.js'
import type {LambdaContextLike} from '../../src/lambda/context.js'
import {fakeContext} from './lambda-context.js'

export function seedDocs(prefix: string, count: number): Array<{_id: string, _source: Record<string, unknown>}> {
  return Array.from({length: count}, (_, i) => ({_id: `${prefix}-${String(i).padStart(5, '0')}`, _source: {n: i, name: `${prefix} ${i}`, price: (i * 7) % 101}}))
}

/**
 * A slice invocation whose deadline comes right after its first page: the handler reads its budget once (large),
 * then every later look at the clock finds less than the margin left, so the run pauses after one page.
 */
export function onePagePerInvocation(task: string): LambdaContextLike {
  let asked = 0
  return fakeContext({remainingMs: () => (task !== 'slice' || asked++ === 0 ? 900_000 : 1)})
}

export async function objectText(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({Bucket: bucket, Key: key}))
  return Buffer.from(await (response.Body as {transformToByteArray(): Promise<Uint8Array>}).transformToByteArray())
}

export async function readManifest(s3: S3Client, bucket: string, key: string): Promise<Manifest> {
  return JSON.parse((await objectText(s3, bucket, key)).toString('utf8')) as Manifest
}

/** The NDJSON a chunk holds, decompressed. */
export async function chunkLines(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  return gunzipSync(await objectText(s3, bucket, key))
}
