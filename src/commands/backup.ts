import {Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {byteSizeFlag} from '../cli/byte-size-flag.js'
import {indexTargetArg} from '../cli/flags.js'
import {interruptOnSignals} from '../cli/interrupt.js'
import {createProgress} from '../cli/progress.js'
import {renderBackupResult} from '../cli/render/backup.js'
import {renderReadPlan} from '../cli/render/plan.js'
import {bucketFlags, s3Flags} from '../cli/s3-flags.js'
import {BACKUP_DEFAULTS, type BackupReport, runBackup} from '../lib/backup/pipeline.js'
import {type BackupInput, prepareBackup, STORAGE_CLASSES} from '../lib/backup/setup.js'
import {settingSources} from '../lib/io/setting-sources.js'
import {planRead, type ReadPlan} from '../lib/dryrun/read-plan.js'
import {loadQuery, resolveSlices} from '../lib/read/export-input.js'
import {DEFAULT_BATCH_SIZE, DEFAULT_KEEP_ALIVE} from '../lib/read/reader.js'
import type {ReadStrategy} from '../lib/read/types.js'

export type BackupResult = BackupReport
export type BackupPlan = ReadPlan

export default class Backup extends AossCommand<typeof Backup> {
  static override summary = 'Back up indexes to S3 as gzip NDJSON chunks with a manifest.'
  static override description = `Each index is read through one consistent snapshot (point in time where the server has it) and streamed to s3://BUCKET/PREFIX/INDEX/<UTC time>/ as part-00000.ndjson.gz, part-00001.ndjson.gz … — no temporary files, memory bounded by part size × upload concurrency. A chunk rolls over at --chunk-size (stored bytes) or --chunk-docs, so no object reaches S3's 10,000-part limit and restore can read chunks in parallel.

manifest.json is written last, beside the chunks: document count, size and sha256 per chunk, and the index's mappings, settings and aliases, so \`aoss restore\` can recreate the index. A backup without a manifest is incomplete. On any failure the running multipart upload is aborted, the chunks already stored are deleted, no manifest is written and the exit code is non-zero.

INDEX may be a name, an alias or a wildcard; each concrete index gets its own backup folder.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory --bucket my-backups --prefix nightly',
    'OUTPUT_BUCKET=my-backups <%= config.bin %> <%= command.id %> inventory orders',
    "<%= config.bin %> <%= command.id %> 'logs-*' -b my-backups --sse aws:kms --kms-key-id alias/backups --storage-class STANDARD_IA",
    '<%= config.bin %> <%= command.id %> inventory -b test-bucket --s3-endpoint http://localhost:4566   # LocalStack',
    '<%= config.bin %> <%= command.id %> inventory -b my-backups --q "price:<10"',
  ]

  static override strict = false
  static override args = {
    index: indexTargetArg({description: 'Index, alias or wildcard to back up (several allowed).', required: true}),
  }

  static override flags = {
    ...bucketFlags,
    ...s3Flags,
    sse: Flags.string({summary: 'Server-side encryption of the objects.', options: ['AES256', 'aws:kms'], helpGroup: 'S3'}),
    'kms-key-id': Flags.string({summary: 'KMS key (id, ARN or alias) for --sse aws:kms.', dependsOn: ['sse'], helpGroup: 'S3'}),
    'storage-class': Flags.string({summary: 'S3 storage class of the chunks (the manifest stays STANDARD).', options: [...STORAGE_CLASSES], helpGroup: 'S3'}),
    'part-size': byteSizeFlag({summary: 'Multipart part size, at least 5MiB (default 16MiB). Memory ≈ part size × (upload concurrency + 1).', helpGroup: 'S3'}),
    'upload-concurrency': Flags.integer({summary: `Parts uploaded in parallel (default ${BACKUP_DEFAULTS.queueSize}).`, min: 1, max: 64, helpGroup: 'S3'}),
    'chunk-size': byteSizeFlag({summary: 'Roll over to a new chunk object after this many stored bytes (default 1GiB).'}),
    'chunk-docs': Flags.integer({summary: 'Roll over to a new chunk object after this many documents.', min: 1}),
    'compression-level': Flags.integer({summary: `gzip level 1 (fast) to 9 (small); default ${BACKUP_DEFAULTS.compressionLevel}.`, min: 1, max: 9}),
    query: Flags.string({summary: 'Back up only documents matching this Query DSL, from a file or - for stdin; recorded in the manifest.', exclusive: ['q'], helpValue: 'FILE|-'}),
    q: Flags.string({summary: 'Back up only documents matching this Lucene query string.', exclusive: ['query']}),
    'batch-size': Flags.integer({summary: `Documents per page (default ${DEFAULT_BATCH_SIZE}, at most 10,000).`, min: 1, max: 10_000, default: DEFAULT_BATCH_SIZE}),
    slices: Flags.string({summary: 'Parallel slices of the point in time: a number, or auto (4).', default: 'auto', helpValue: 'N|auto'}),
    strategy: Flags.string({summary: 'How to page: auto tries pit, then scroll, then search-after.', options: ['auto', 'pit', 'scroll', 'search-after'], default: 'auto'}),
    'keep-alive': Flags.string({summary: `How long the point in time or scroll lives between pages (default ${DEFAULT_KEEP_ALIVE}).`, default: DEFAULT_KEEP_ALIVE}),
    incremental: Flags.boolean({summary: 'Back up only what changed since the index\'s newest backup, as a link of its chain (refused without one). Deletions are not carried.', helpGroup: 'INCREMENTAL'}),
    'since-field': Flags.string({summary: 'The date field that says when a document changed (default: the chain\'s, else updated_at, @timestamp, … found in the mapping). Given alone: a full backup that starts a chain.', helpGroup: 'INCREMENTAL'}),
    overlap: Flags.string({summary: 'Re-read documents this far before the last mark, for late-visible writes (default 5m).', helpValue: 'DURATION', dependsOn: ['incremental'], helpGroup: 'INCREMENTAL'}),
    'full-every': Flags.integer({summary: 'Start a new chain with a full backup once the chain holds N backups, or when there is none.', min: 1, helpGroup: 'INCREMENTAL'}),
    quiet: Flags.boolean({summary: 'No progress bar and no summary.'}),
    'dry-run': Flags.boolean({summary: 'Write nothing: print per index the docs, pages, requests, S3 objects and bytes, a time estimate from a short probe, and what would not be carried.'}),
  }

  async run(): Promise<BackupResult | BackupPlan> {
    const {flags} = this
    const {argv} = await this.parse(Backup)
    if (flags['dry-run']) {
      const plan = await planRead(await this.client(), {
        index: (argv as string[]).join(','),
        query: await loadQuery(flags.query, flags.q),
        batchSize: flags['batch-size'],
        slices: resolveSlices(flags.slices),
        strategy: flags.strategy as ReadStrategy | 'auto',
        keepAlive: flags['keep-alive'],
        compressionLevel: flags['compression-level'] ?? BACKUP_DEFAULTS.compressionLevel,
        chunkBytes: flags['chunk-size'] ?? BACKUP_DEFAULTS.chunkBytes,
      })
      if (!this.jsonEnabled()) this.log(renderReadPlan('backup', plan))
      return plan
    }


    const setup = await prepareBackup({
      indices: argv as string[],
      bucket: flags.bucket,
      prefix: flags.prefix,
      query: await loadQuery(flags.query, flags.q),
      batchSize: flags['batch-size'],
      slices: resolveSlices(flags.slices),
      strategy: flags.strategy as ReadStrategy | 'auto',
      keepAlive: flags['keep-alive'],
      chunkSize: flags['chunk-size'],
      chunkDocs: flags['chunk-docs'],
      partSize: flags['part-size'],
      uploadConcurrency: flags['upload-concurrency'],
      compressionLevel: flags['compression-level'],
      sse: flags.sse as BackupInput['sse'],
      kmsKeyId: flags['kms-key-id'],
      storageClass: flags['storage-class'],
      s3Endpoint: flags['s3-endpoint'],
      s3Region: flags['s3-region'],
      incremental: flags.incremental || undefined,
      sinceField: flags['since-field'],
      overlap: flags.overlap,
      fullEvery: flags['full-every'],
    }, {sources: settingSources(), client: {client: await this.client(), settings: this.settings()}})

    const interrupt = interruptOnSignals()
    const quiet = flags.quiet || this.jsonEnabled()
    const progress = await createProgress({unit: 'docs', quiet})
    let current: string | undefined
    try {
      const {checkpoint: _, ...result} = await runBackup({
        ...setup.options,
        toolVersion: this.config.version,
        source: setup.source,
        signal: interrupt.signal,
        onProgress: quiet ? undefined : (event) => {
          if (event.index !== current) {
            progress.stop()
            current = event.index
            progress.start(event.expected)
          }

          progress.update(event.docs, {bytes: event.bytes})
        },
      }, setup.deps)
      progress.stop()
      if (!quiet) this.log(renderBackupResult(result, process.stdout))
      return result
    } finally {
      progress.stop()
      interrupt.dispose()
      setup.close()
    }
  }
}
