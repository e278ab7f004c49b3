import {Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {indexTargetArg} from '../cli/flags.js'
import {incrementalFlags, incrementalFrom} from '../cli/incremental-flags.js'
import {interruptOnSignals} from '../cli/interrupt.js'
import {createProgress, perIndexProgress} from '../cli/progress.js'
import {queryFlag} from '../cli/query-flags.js'
import {readFlags, readOptionsFrom} from '../cli/read-flags.js'
import {renderBackupResult} from '../cli/render/backup.js'
import {renderFanOutPlan} from '../cli/render/fanout-plan.js'
import {renderReadPlan} from '../cli/render/plan.js'
import {backupObjectFlags, backupTargetFrom, bucketFlags, s3Flags} from '../cli/s3-flags.js'
import {BACKUP_DEFAULTS, type BackupReport, runBackup} from '../lib/backup/pipeline.js'
import {prepareBackup} from '../lib/backup/setup.js'
import {planRead, type ReadPlan} from '../lib/dryrun/read-plan.js'
import {settingSources} from '../lib/io/setting-sources.js'
import {loadQuery} from '../lib/read/export-input.js'
import {previewFanOut} from '../lib/stepfunctions/plan.js'
import {type FanOutSizing, sliceKnobs} from '../lib/stepfunctions/sizing.js'

export type BackupResult = BackupReport
export type BackupPlan = ReadPlan

export default class Backup extends AossCommand<typeof Backup> {
  static override summary = 'Back up indexes to S3 as gzip NDJSON chunks with a manifest.'
  static override description = `Each index is read through one consistent snapshot (point in time where the server has it) and streamed to s3://BUCKET/PREFIX/INDEX/<UTC time>/ as part-00000.ndjson.gz, part-00001.ndjson.gz … — no temporary files, memory bounded by part size × (upload concurrency + 1). A chunk rolls over at --chunk-size (stored bytes) or --chunk-docs, so no object reaches S3's 10,000-part limit and restore can read chunks in parallel.

manifest.json is written last, beside the chunks: document count, size and sha256 per chunk, and the index's mappings, settings and aliases, so \`aoss restore\` can recreate the index. A backup without a manifest is incomplete. On any failure the running multipart upload is aborted, the chunks already stored are deleted, no manifest is written and the exit code is non-zero.

INDEX may be a name, an alias or a wildcard; each concrete index gets its own backup folder.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory --bucket my-backups --prefix nightly',
    'OUTPUT_BUCKET=my-backups <%= config.bin %> <%= command.id %> inventory orders',
    "<%= config.bin %> <%= command.id %> 'logs-*' -b my-backups --sse aws:kms --kms-key-id alias/backups --storage-class STANDARD_IA",
    '<%= config.bin %> <%= command.id %> inventory -b test-bucket --s3-endpoint http://localhost:4566   # LocalStack',
    '<%= config.bin %> <%= command.id %> inventory -b my-backups --query "price:<10"',
  ]

  static override strict = false
  static override args = {
    index: indexTargetArg({description: 'Index, alias or wildcard to back up (several allowed).', required: true}),
  }

  static override flags = {
    ...bucketFlags,
    ...s3Flags,
    ...backupObjectFlags,
    ...queryFlag,
    ...readFlags,
    ...incrementalFlags,
    quiet: Flags.boolean({summary: 'No progress bar and no summary.'}),
    'dry-run': Flags.boolean({summary: 'Write nothing: print per index the docs, pages, requests, S3 objects and bytes, a time estimate from a short probe, and what would not be carried.'}),
    plan: Flags.boolean({summary: 'Write nothing: print the slices per index the Step Functions backup (Plan step) would make, to size MaxConcurrency.', exclusive: ['dry-run']}),
    'max-slices': Flags.integer({summary: 'With --slices auto: the most slices read at once (default 16); with --plan: the most per index (MAX_SLICES, default 16).', min: 1, max: 1024}),
    'max-concurrency': Flags.integer({summary: 'With --plan: slices backed up at once (MAX_CONCURRENCY, default 16).', min: 1, dependsOn: ['plan']}),
  }

  static override interruptIsIncomplete = true

  async run(): Promise<BackupResult | BackupPlan | FanOutSizing> {
    const {flags} = this
    const {argv} = await this.parse(Backup)
    if (flags.plan) {
      const knobs = sliceKnobs({maxSlices: flags['max-slices'], maxConcurrency: flags['max-concurrency']}, settingSources())
      const plan = await previewFanOut(await this.client(), argv as string[], await loadQuery(flags.query), knobs)
      if (!this.jsonEnabled()) this.log(renderFanOutPlan(plan))
      return plan
    }

    if (flags['dry-run']) {
      const plan = await planRead(await this.client(), {
        index: (argv as string[]).join(','),
        query: await loadQuery(flags.query),
        ...readOptionsFrom(flags),
        compressionLevel: flags['compression-level'] ?? BACKUP_DEFAULTS.compressionLevel,
        chunkBytes: flags['chunk-size'] ?? BACKUP_DEFAULTS.chunkBytes,
      })
      if (!this.jsonEnabled()) this.log(renderReadPlan('backup', plan))
      return plan
    }

    const quiet = flags.quiet || this.jsonEnabled()
    // The size on the line is what S3 stores, as in the summary.
    const progress = createProgress({unit: 'docs', sizeLabel: 'gzip', quiet})
    progress.status('checking the bucket and the index…')
    let setup
    try {
      setup = await prepareBackup(
        {indices: argv as string[], query: await loadQuery(flags.query), ...readOptionsFrom(flags), ...backupTargetFrom(flags), ...incrementalFrom(flags)},
        {sources: settingSources(), client: {client: await this.client(), settings: this.settings()}},
      )
    } finally {
      progress.stop()
    }

    const interrupt = interruptOnSignals()
    progress.status('opening a point in time and counting documents…')
    try {
      const {checkpoint: _, ...result} = await runBackup({
        ...setup.options,
        toolVersion: this.config.version,
        source: setup.source,
        signal: interrupt.signal,
        onProgress: quiet ? undefined : perIndexProgress(progress, setup.options.indices.length > 1 || setup.options.indices.some((name) => name.includes('*'))),
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
