/**
 * Where a backup's chunks are read from: the bucket named by an `s3://…/manifest.json`, or the folder of a
 * local `manifest.json` (a backup copied down with `aws s3 sync`).
 */
import {createReadStream, existsSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import type {S3Client} from '@aws-sdk/client-s3'

import {toS3Error} from '../backup/s3.js'
import {AossError} from '../errors.js'

export interface ChunkStore {
  /** `s3://bucket/key` or a file path, for messages. */
  describe(key: string): string
  open(key: string): Promise<AsyncIterable<Buffer>>
}

export class LocalChunkStore implements ChunkStore {
  constructor(private readonly dir: string) {}

  /**
   * Manifest keys are relative to the bucket (`prefix/index/stamp/part-00000.ndjson.gz`); a local copy usually
   * holds the files side by side, so the file name alone is tried when the full key is not there.
   */
  path(key: string): string {
    const full = join(this.dir, key)
    return existsSync(full) ? full : join(this.dir, basename(key))
  }

  describe(key: string): string {
    return this.path(key)
  }

  async open(key: string): Promise<AsyncIterable<Buffer>> {
    const path = this.path(key)
    if (!existsSync(path)) {
      throw new AossError('NOT_FOUND', `backup chunk ${basename(key)} is missing from ${this.dir}`, {
        hints: ['Copy the whole backup folder (every part-*.ndjson.gz beside manifest.json).'],
        details: {key},
      })
    }

    return createReadStream(path)
  }

}

export class S3ChunkStore implements ChunkStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  describe(key: string): string {
    return `s3://${this.bucket}/${key}`
  }

  async open(key: string): Promise<AsyncIterable<Buffer>> {
    const {GetObjectCommand} = await import('@aws-sdk/client-s3')
    try {
      const answer = await this.client.send(new GetObjectCommand({Bucket: this.bucket, Key: key}))
      return this.translated(answer.Body as AsyncIterable<Buffer>, key)
    } catch (error) {
      throw toS3Error(error, {action: 'reading the backup', bucket: this.bucket, key})
    }
  }

  /** A connection reset half-way through a body surfaces while iterating; it gets the same translation. */
  private async *translated(body: AsyncIterable<Buffer>, key: string): AsyncGenerator<Buffer> {
    try {
      yield* body
    } catch (error) {
      throw toS3Error(error, {action: 'reading the backup', bucket: this.bucket, key})
    }
  }
}

export function localStoreFor(manifestPath: string): LocalChunkStore {
  return new LocalChunkStore(dirname(manifestPath))
}
