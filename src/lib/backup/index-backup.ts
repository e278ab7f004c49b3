/**
 * One index of a backup run: read its pages, roll them into gzip chunk objects at page boundaries, pause between
 * pages when asked (the checkpoint then says where to continue), check the count, and commit the manifest.
 *
 * A chunk is rolled only between pages, so every chunk boundary is an exact resume point: the reader position after
 * the last page of a stored chunk is what `entry.read` records.
 */
import {AossError} from '../errors.js'
import {advance} from '../read/checkpoint.js'
import type {Hit, Page, ReadCheckpoint, SliceCursor} from '../read/types.js'
import {toS3Error} from '../s3/errors.js'
import {deleteQuietly, putJson} from '../s3/objects.js'
import {sinceQuery} from './chain.js'
import type {BackupCheckpoint, IndexProgress} from './checkpoint.js'
import {ChunkWriter} from './chunk-writer.js'
import {checkpointKey, chunkKey, manifestKey} from './layout.js'
import {buildManifest} from './manifest.js'
import type {BackupDeps, BackupOptions, PageSource} from './options.js'

/** What every index of one run shares: its options, limits and wiring, and the run's running totals. */
export interface RunContext {
  options: BackupOptions
  deps: BackupDeps
  checkpoint: BackupCheckpoint
  limits: {partSize: number, queueSize: number, chunkBytes: number, compressionLevel: number}
  Upload: typeof import('@aws-sdk/lib-storage').Upload
  toNdjson: (hits: Hit[]) => Buffer
  warnings: string[]
  /** Chunk objects stored since the last committed manifest: what a failure deletes. */
  stored: string[]
  docsWritten: number
  /** Where an incremental index's backup sits in its chain (pipeline.ts). */
  chainLink: (entry: IndexProgress) => Promise<IndexProgress['chain']>
}

export class IndexBackup {
  private readonly name: string
  private readonly resumed: boolean
  private cursors: SliceCursor[] = []
  private chunk: ChunkWriter | undefined
  private docs: number
  private strategy: ReadCheckpoint['strategy'] | undefined

  constructor(
    private readonly entry: IndexProgress,
    private readonly context: RunContext,
  ) {
    this.name = entry.meta.name
    this.resumed = entry.read !== undefined
    this.docs = entry.chunks.reduce((sum, c) => sum + c.docs, 0)
  }

  /** 'paused' when `shouldPause` stopped it between pages; 'done' once committed (or left to the caller to commit). */
  async run(): Promise<'done' | 'paused'> {
    const {entry} = this
    const {options, checkpoint} = this.context
    entry.status = 'running'
    entry.startedAt ??= new Date().toISOString()
    if (options.chain && !entry.chain) entry.chain = await this.context.chainLink(entry)
    const reader = await this.openReader()
    this.strategy = entry.strategy ??= reader.strategy
    for (const note of reader.notes ?? []) this.warn(`${this.name}: ${note}`)
    if (!this.resumed) entry.expected ??= reader.expected
    // Every slice is in the checkpoint from the start: a slice missing from it would be resumed as if it did not
    // exist, and the documents only it holds would never be read.
    this.cursors = entry.read ? entry.read.slices.map((slice) => ({...slice})) : Array.from({length: reader.slices ?? 1}, (_, id) => ({id, docs: 0, done: false}))
    try {
      if ((await this.writePages(reader)) === 'paused') return 'paused'
    } catch (error) {
      await this.chunk?.abort(error as Error)
      throw error
    } finally {
      const settled = reader.adaptive?.()?.limit
      entry.slices = {count: reader.slices ?? 1, ...(settled === undefined ? {} : {settled})}
      await reader.close().catch(() => {})
    }

    entry.read = this.position()
    this.checkCount()
    entry.finishedAt = new Date().toISOString()
    if (options.commit !== false) await this.commit(checkpoint)
    entry.status = 'done'
    // This index is committed: a later index's failure must not delete the chunks its manifest names.
    this.context.stored.length = 0
    return 'done'
  }

  private async openReader(): Promise<PageSource> {
    const {options, deps} = this.context
    const {entry} = this
    // A run that may pause resumes on a new point in time, where `_shard_doc` positions mean nothing: `_id` is
    // stable across snapshots, so such runs sort on it from the start.
    const tiebreaker = options.read?.tiebreaker ?? (options.shouldPause ? '_id' : undefined)
    const since = entry.chain?.since
    return deps.openReader({
      ...options.read,
      ...(tiebreaker ? {tiebreaker} : {}),
      index: this.name,
      query: since === undefined ? options.query : sinceQuery(options.query, entry.chain!.field, since),
      signal: options.signal,
      ...(entry.read ? {resume: entry.read} : {}),
    })
  }

  private async writePages(reader: PageSource): Promise<'done' | 'paused'> {
    const {options} = this.context
    let pagesThisCall = 0
    for await (const page of reader) {
      if (options.signal?.aborted) throw new AossError('INCOMPLETE', 'backup interrupted', {hints: ['Nothing was committed for the unfinished index: its manifest was not written.']})
      await this.write(page)
      advance(this.cursors, page)
      pagesThisCall++
      options.onProgress?.({index: this.name, docs: this.docs, expected: this.entry.expected, bytes: this.storedBytes(), chunks: this.entry.chunks.length + (this.chunk ? 1 : 0)})
      if (this.chunkIsFull()) await this.closeChunk()
      if (pagesThisCall > 0 && options.shouldPause?.()) {
        await this.closeChunk()
        this.entry.read = this.position()
        return 'paused'
      }
    }

    await this.closeChunk()
    return 'done'
  }

  private async write(page: Page): Promise<void> {
    if (page.hits.length === 0) return
    const chunk = (this.chunk ??= this.newChunk())
    try {
      await chunk.write(this.context.toNdjson(page.hits), page.hits.length)
    } catch (error) {
      throw toS3Error(error, {action: `uploading ${chunk.key}`, bucket: this.context.options.bucket, key: chunk.key})
    }

    this.docs += page.hits.length
    this.context.docsWritten += page.hits.length
  }

  private newChunk(): ChunkWriter {
    const {options, deps, limits, Upload} = this.context
    const s3 = options.s3 ?? {}
    return new ChunkWriter({
      client: deps.s3,
      Upload,
      params: {
        Bucket: options.bucket,
        Key: (options.chunkKey ?? chunkKey)(this.entry.dir, this.entry.chunks.length),
        ContentType: 'application/gzip',
        ...encryptionOf(s3),
        ...(s3.StorageClass ? {StorageClass: s3.StorageClass} : {}),
      },
      partSize: limits.partSize,
      queueSize: limits.queueSize,
      level: limits.compressionLevel,
    })
  }

  private chunkIsFull(): boolean {
    const {chunk} = this
    const {limits, options} = this.context
    return chunk !== undefined && (chunk.storedBytes >= limits.chunkBytes || (options.chunkDocs !== undefined && chunk.docs >= options.chunkDocs))
  }

  private async closeChunk(): Promise<void> {
    if (!this.chunk) return
    const closing = this.chunk
    this.chunk = undefined
    let done
    try {
      done = await closing.close()
    } catch (error) {
      this.chunk = closing
      throw toS3Error(error, {action: `uploading ${closing.key}`, bucket: this.context.options.bucket, key: closing.key})
    }

    this.context.stored.push(done.key)
    this.entry.chunks.push(done)
    this.entry.read = this.position()
  }

  private storedBytes(): number {
    return this.entry.chunks.reduce((sum, c) => sum + c.bytes, 0) + (this.chunk?.storedBytes ?? 0)
  }

  private position(): ReadCheckpoint {
    return {strategy: this.entry.strategy ?? this.strategy!, slices: this.cursors.map((slice) => ({...slice}))}
  }

  /** Written must equal what the point in time held; a run continued on a new snapshot may differ, and says so. */
  private checkCount(): void {
    const {entry, docs} = this
    if (entry.expected === undefined || docs === entry.expected) return
    const message = `${this.name}: read ${docs} documents but the index held ${entry.expected} when the backup started`
    if (!this.resumed && entry.strategy !== 'search-after') {
      throw new AossError('INCOMPLETE', message, {
        details: {index: this.name, docs, expected: entry.expected},
        hints: ['No manifest was written. Run the backup again; if it repeats, try --strategy search-after.'],
      })
    }

    this.warn(`${message} (documents written or deleted meanwhile are expected when a run continues later)`)
  }

  /** The manifest, written last: its presence is what makes the index's backup complete. */
  private async commit(checkpoint: BackupCheckpoint): Promise<void> {
    const {entry} = this
    const {options, deps} = this.context
    const manifest = buildManifest({
      toolVersion: checkpoint.toolVersion,
      startedAt: new Date(entry.startedAt!),
      finishedAt: new Date(entry.finishedAt!),
      source: checkpoint.source,
      query: checkpoint.query,
      strategy: entry.strategy ?? this.strategy!,
      index: {name: this.name, mappings: entry.meta.mappings, settings: entry.meta.settings, aliases: entry.meta.aliases, chunks: entry.chunks},
      ...(entry.chain ? {chain: entry.chain} : {}),
    })
    const key = manifestKey(entry.dir)
    await putJson(deps.s3, options.bucket, key, manifest, {encryption: encryptionOf(options.s3 ?? {}), pretty: true, action: 'writing the manifest'})
    entry.manifestKey = key
    // A run that continued from a checkpoint leaves it beside the data; the manifest supersedes it.
    if (options.resume) await deleteQuietly(deps.s3, options.bucket, checkpointKey(entry.dir))
  }

  private warn(message: string): void {
    if (!this.context.warnings.includes(message)) this.context.warnings.push(message)
  }
}

function encryptionOf(s3: NonNullable<BackupOptions['s3']>) {
  return {
    ...(s3.ServerSideEncryption ? {ServerSideEncryption: s3.ServerSideEncryption} : {}),
    ...(s3.SSEKMSKeyId ? {SSEKMSKeyId: s3.SSEKMSKeyId} : {}),
  }
}
