/**
 * One chunk object: NDJSON bytes in → gzip → sha256 and byte count on the fly → one lib-storage Upload.
 *
 * Memory: lib-storage holds at most queueSize parts in flight plus the part it is filling, so a chunk costs about
 * (queueSize + 1) × partSize, whatever the chunk's size; the streams between add ~64 KiB. Nothing touches disk.
 *
 * Failure: `abort()` errors the body stream, which makes lib-storage send AbortMultipartUpload before its
 * `done()` settles; we then send our own abort as well in case that request failed, because parts left behind
 * cost storage until a lifecycle rule removes them.
 */
import {createHash, type Hash} from 'node:crypto'
import {pipeline, Transform, type TransformCallback} from 'node:stream'
import {constants as zlib, createGzip, type Gzip} from 'node:zlib'

import type {PutObjectCommandInput, S3Client} from '@aws-sdk/client-s3'
import type {Upload} from '@aws-sdk/lib-storage'

import type {ChunkEntry} from './manifest.js'

export interface ChunkWriterOptions {
  client: S3Client
  /** The lib-storage Upload class (imported lazily by the caller: it pulls in the S3 client). */
  Upload: typeof Upload
  /** Bucket, Key and the object settings (SSE, storage class…); Body is ours. */
  params: Omit<PutObjectCommandInput, 'Body'> & {Bucket: string, Key: string}
  partSize: number
  queueSize: number
  /** gzip level 1–9. */
  level: number
}

/** Counts and hashes what passes through, so the manifest's size and sha256 describe the stored object. */
class HashCounter extends Transform {
  readonly hash: Hash = createHash('sha256')
  bytes = 0

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk)
    this.bytes += chunk.length
    callback(null, chunk)
  }
}

export class ChunkWriter {
  readonly key: string
  /** Documents written so far. */
  docs = 0
  private readonly gzip: Gzip
  private readonly counter = new HashCounter()
  private readonly upload: Upload
  private readonly finished: Promise<unknown>
  private readonly options: ChunkWriterOptions
  private failure?: Error
  private closed = false
  private completed = false

  constructor(options: ChunkWriterOptions) {
    this.options = options
    this.key = options.params.Key
    this.gzip = createGzip({level: options.level, memLevel: 9, strategy: zlib.Z_DEFAULT_STRATEGY})
    // The callback form destroys every stream when one fails; the error itself reaches us through the upload.
    pipeline(this.gzip, this.counter, () => {})
    this.upload = new options.Upload({
      client: options.client,
      params: {...options.params, Body: this.counter},
      partSize: options.partSize,
      queueSize: options.queueSize,
      leavePartsOnError: false,
    })
    this.finished = this.upload.done().catch((error: unknown) => {
      this.failure ??= error as Error
      // Unblocks a write() waiting for 'drain' that would otherwise wait for a consumer that has gone.
      this.gzip.destroy(this.failure)
      throw error
    })
    // Settled by close() or abort(); this only keeps an early failure from counting as unhandled meanwhile.
    this.finished.catch(() => {})
  }

  /** Compressed bytes produced so far. Lags the input by what gzip still buffers (tens of KiB). */
  get storedBytes(): number {
    return this.counter.bytes
  }

  /** Appends NDJSON bytes holding `docs` documents; resolves once the streams can take more. */
  async write(data: Buffer, docs: number): Promise<void> {
    if (this.failure) throw this.failure
    this.docs += docs
    if (this.gzip.write(data)) return
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        this.gzip.off('drain', onDrain)
        this.gzip.off('error', onError)
        this.gzip.off('close', onClose)
        if (error) reject(error)
        else resolve()
      }

      const onDrain = () => done()
      const onError = (error: Error) => done(error)
      const onClose = () => done(this.failure ?? new Error('the chunk stream closed before it was finished'))
      this.gzip.on('drain', onDrain)
      this.gzip.on('error', onError)
      this.gzip.on('close', onClose)
    })
  }

  /** Ends the object and waits until S3 has it; returns its manifest entry. */
  async close(): Promise<ChunkEntry> {
    if (this.failure) throw this.failure
    this.closed = true
    this.gzip.end()
    await this.finished
    this.completed = true
    return {key: this.key, docs: this.docs, bytes: this.counter.bytes, sha256: this.counter.hash.digest('hex')}
  }

  /** Stops the upload and makes sure no multipart upload (and so no stored part) is left behind. */
  async abort(reason: Error): Promise<void> {
    // A completed chunk is a stored object: removing it is the caller's cleanup, not an abort.
    if (this.completed) return
    this.failure ??= reason
    if (!this.closed || !this.gzip.writableFinished) this.gzip.destroy(reason)
    await this.finished.catch(() => {})
    const uploadId = this.upload.uploadId
    if (!uploadId) return
    try {
      const {AbortMultipartUploadCommand} = await import('@aws-sdk/client-s3')
      await this.options.client.send(new AbortMultipartUploadCommand({Bucket: this.options.params.Bucket, Key: this.key, UploadId: uploadId}))
    } catch {
      // Usually NoSuchUpload: lib-storage's own abort got there first.
    }
  }
}
