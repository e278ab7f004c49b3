/**
 * Where a backup's chunks are read from: the bucket named by an `s3://…/manifest.json`, or the folder of a
 * local `manifest.json` (a backup copied down with `aws s3 sync`).
 */
import {createReadStream, existsSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, relative} from 'node:path'

import type {S3Client} from '@aws-sdk/client-s3'

import {toS3Error} from '../s3/errors.js'
import {AossError} from '../errors.js'
import {keyFolder, keyInside, keyProblem} from '../s3/keys.js'

/**
 * A manifest is a file anyone can edit, so its chunk keys are untrusted: each store resolves a key only inside
 * the backup (its folder, or the manifest's own S3 folder) and refuses any other with a usage error. Sources
 * resolve every key when the backup is opened, so a refusal comes before anything is written.
 */
export interface ChunkStore {
  /** `s3://bucket/key` or a file path, for messages; throws USAGE for a key that leaves the backup. */
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
    const problem = keyProblem(key)
    if (problem) throw outsideFolder(key, this.dir, problem)
    const full = join(this.dir, key)
    const path = existsSync(full) ? full : join(this.dir, basename(key))
    // Clean segments cannot climb out of the folder; this says so for any path rule the check above missed.
    const within = relative(this.dir, path)
    if (within === '' || within.startsWith('..') || isAbsolute(within)) throw outsideFolder(key, this.dir, 'it resolves outside the folder')
    return path
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

/** Re-requests of one chunk after its body broke off, before giving up. */
const BODY_RESUMES = 5

export class S3ChunkStore implements ChunkStore {
  private readonly folder: string

  /** `manifestKey`: chunks must lie under the manifest's folder (where `aoss backup` writes them). */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    manifestKey: string,
  ) {
    this.folder = keyFolder(manifestKey)
  }

  describe(key: string): string {
    return `s3://${this.bucket}/${keyInside(key, this.folder, 'chunk key')}`
  }

  async open(key: string): Promise<AsyncIterable<Buffer>> {
    keyInside(key, this.folder, 'chunk key')
    const first = await this.get(key)
    return this.resuming(key, first)
  }

  /**
   * A chunk is read at the pace documents are written, so one GET can stay open for minutes; a connection
   * dropped half-way is picked up with a ranged GET from the byte where it stopped, pinned to the same object
   * version by its ETag (a changed object answers 412 instead of mixing two versions).
   */
  private async *resuming(key: string, first: {body: AsyncIterable<Buffer>, etag?: string}): AsyncGenerator<Buffer> {
    let body = first.body
    let offset = 0
    for (let resumes = 0; ; resumes++) {
      try {
        for await (const chunk of body) {
          offset += chunk.length
          yield chunk
        }

        return
      } catch (error) {
        if (resumes >= BODY_RESUMES) throw toS3Error(error, {action: 'reading the backup', bucket: this.bucket, key})
        body = (await this.get(key, offset, first.etag)).body
      }
    }
  }

  private async get(key: string, offset = 0, etag?: string): Promise<{body: AsyncIterable<Buffer>, etag?: string}> {
    const {GetObjectCommand} = await import('@aws-sdk/client-s3')
    try {
      const answer = await this.client.send(new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(offset > 0 ? {Range: `bytes=${offset}-`} : {}),
        ...(etag ? {IfMatch: etag} : {}),
      }))
      return {body: answer.Body as AsyncIterable<Buffer>, etag: answer.ETag}
    } catch (error) {
      throw toS3Error(error, {action: 'reading the backup', bucket: this.bucket, key})
    }
  }
}

export function localStoreFor(manifestPath: string): LocalChunkStore {
  return new LocalChunkStore(dirname(manifestPath))
}

function outsideFolder(key: string, dir: string, problem: string): AossError {
  return new AossError('USAGE', `chunk key ${JSON.stringify(key)} leaves the backup folder ${dir}: ${problem}`, {
    hints: ['A backup\'s chunk keys are relative and lie beside its manifest.json; this manifest was altered or not written by aoss, and nothing was restored.'],
    details: {key, folder: dir},
  })
}
