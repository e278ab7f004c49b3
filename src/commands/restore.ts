import {Args, Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {byteSizeFlag} from '../cli/byte-size-flag.js'
import {createProgress} from '../cli/progress.js'
import {renderRestorePlan} from '../cli/render/plan.js'
import {renderRestoreReport} from '../cli/render/restore-report.js'
import {s3Flags} from '../cli/s3-flags.js'
import {interruptOnSignals} from '../cli/interrupt.js'
import {planRestore, type RestorePlan} from '../lib/dryrun/restore-plan.js'
import {type RestoreReport, runRestore} from '../lib/restore/run.js'
import {restoreVerdict} from '../lib/restore/verdict.js'
import {DEFAULT_BATCH_BYTES, DEFAULT_BATCH_DOCS, DEFAULT_CONCURRENCY, type IdMode} from '../lib/write/writer.js'

export type RestoreResult = RestoreReport | RestorePlan

export default class Restore extends AossCommand<typeof Restore> {
  static override summary = 'Write a backup or an NDJSON file back into an index.'
  static override description = `SOURCE is a .ndjson or .ndjson.gz file (from aoss export or elasticdump), - for stdin, or a backup: s3://BUCKET/…/manifest.json or a local copy of its folder. Lines are streamed into _bulk requests sized in bytes, several in flight; only the items the server throttled (429, 402, 5xx) are sent again, with back-off and fewer requests in flight. Documents the server refuses for good (mapping errors) go to a dead-letter NDJSON file with the reason; that file can be restored again once the cause is fixed.

Backups are checked against their manifest's sha256 and local files are read once through before anything is written, so a corrupt or truncated source is refused instead of half restored. Afterwards the target's document count is compared with what was written, waiting on OpenSearch Serverless where new documents become visible with a delay.

Exit code 3 when any document was not written (or is not visible in time), 7 when throttling outlasted every retry.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory.jsonl.gz --index inventory   # the file export -o wrote',
    '<%= config.bin %> <%= command.id %> s3://my-backups/inventory/2026-11-27T20-00-00Z/manifest.json --index inventory --create-index',
    'gunzip -c dump.json.gz | <%= config.bin %> <%= command.id %> - --index logs --id-mode auto   # time-series collection',
    '<%= config.bin %> <%= command.id %> restore-inventory-2026-11-27T20-00-00Z.rejected.ndjson --index inventory   # retry the dead letters',
  ]

  static override args = {
    source: Args.string({description: 'NDJSON file (.gz or not), - for stdin, or a backup manifest (s3://… or local).', required: true}),
  }

  static override flags = {
    index: Flags.string({char: 'i', summary: 'Target index.', required: true}),
    'source-index': Flags.string({summary: 'Which index of a backup that holds several.'}),
    create: Flags.boolean({
      summary: 'Create a missing target (default); --no-create refuses it with exit 5.',
      description: "A missing target is created from the backup's mappings and settings, or from --mappings; restoring a plain NDJSON file without --mappings lets the server guess the mappings (a warning says so).",
      allowNo: true,
      exclusive: ['create-index'],
    }),
    mappings: Flags.string({summary: 'JSON file with the mappings for a target that does not exist yet.', helpValue: 'FILE', exclusive: ['create-index']}),
    'create-index': Flags.boolean({summary: "Create the target from the backup's mappings and settings first (it must not exist)."}),
    aliases: Flags.boolean({
      summary: "With --create-index: add the backup's aliases (default: only when the target keeps the original name).",
      allowNo: true,
      dependsOn: ['create-index'],
    }),
    'id-mode': Flags.string({
      summary: 'keep: write each document under its _id (a re-run overwrites); drop: let the server assign ids; auto: keep unless the collection refuses custom ids (time-series, vector).',
      options: ['keep', 'drop', 'auto'],
      default: 'keep',
    }),
    'id-field': Flags.string({summary: 'Write each document’s _id into this field, so copies a repeated run adds can be found (time-series, vector collections).'}),
    'batch-bytes': byteSizeFlag({summary: 'Largest _bulk request body (e.g. 5MiB, 512KiB).', default: DEFAULT_BATCH_BYTES, defaultHelp: async () => '5MiB'}),
    'batch-docs': Flags.integer({summary: 'Most documents per _bulk request.', default: DEFAULT_BATCH_DOCS, min: 1}),
    concurrency: Flags.integer({char: 'c', summary: '_bulk requests in flight (halved while the server throttles).', default: DEFAULT_CONCURRENCY, min: 1, max: 64}),
    'dead-letter': Flags.string({summary: 'File for refused documents (default restore-<index>-<time>.rejected.ndjson; created only if needed).'}),
    'skip-verify': Flags.boolean({summary: 'Do not check chunk sha256 sums (backups) or read the file through first (files).'}),
    'dry-run': Flags.boolean({summary: 'Write nothing: read the source through and print its docs and bytes, the _bulk requests, whether the target exists, what it would not carry, and a time estimate.'}),
    'count-timeout': Flags.integer({summary: 'Seconds to wait for the target count to match (0 skips; default 120 on Serverless, 30 elsewhere).', min: 0}),
    ...s3Flags,
  }

  static override interruptIsIncomplete = true
  static override finishRequestsOnInterrupt = true

  async run(): Promise<RestoreResult> {
    const {flags} = this
    const settings = this.settings()
    const client = await this.client()
    if (flags['dry-run']) return this.dryRun(client)
    const interrupt = interruptOnSignals()
    const progress = createProgress({unit: 'docs', quiet: this.jsonEnabled()})
    let started = false
    let report: RestoreReport
    try {
      report = await runRestore(client, settings, {
        source: this.args.source,
        index: flags.index,
        sourceIndex: flags['source-index'],
        createIndex: flags['create-index'],
        create: flags.create,
        mappingsFile: flags.mappings,
        aliases: flags.aliases,
        idMode: flags['id-mode'] as IdMode,
        idField: flags['id-field'],
        batchBytes: flags['batch-bytes'],
        batchDocs: flags['batch-docs'],
        concurrency: flags.concurrency,
        deadLetter: flags['dead-letter'],
        skipVerify: flags['skip-verify'],
        countTimeoutMs: flags['count-timeout'] === undefined ? undefined : flags['count-timeout'] * 1000,
        s3: {region: flags['s3-region'], endpoint: flags['s3-endpoint'], profile: settings.profile},
        signal: interrupt.signal,
        onNote: (message) => progress.above(() => this.note(message)),
        onPhase: (message) => progress.status(message),
        onProgress: (stats, total) => {
          if (!started) progress.start(total)
          started = true
          progress.update(stats.written, {bytes: stats.bytes})
        },
      })
    } finally {
      progress.stop()
      interrupt.dispose()
      await client.close().catch(() => {})
    }

    if (!this.jsonEnabled()) this.log(renderRestoreReport(report))
    const failure = restoreVerdict(report)
    if (failure) this.failWithReport(report, failure)
    return report
  }

  private async dryRun(client: Awaited<ReturnType<Restore['client']>>): Promise<RestorePlan> {
    const {flags} = this
    try {
      const plan = await planRestore(client, this.settings(), {
        source: this.args.source,
        index: flags.index,
        sourceIndex: flags['source-index'],
        createIndex: flags['create-index'],
        idMode: flags['id-mode'] as IdMode,
        idField: flags['id-field'],
        batchBytes: flags['batch-bytes'],
        batchDocs: flags['batch-docs'],
        concurrency: flags.concurrency,
        skipVerify: flags['skip-verify'],
        s3: {region: flags['s3-region'], endpoint: flags['s3-endpoint'], profile: this.settings().profile},
      })
      if (!this.jsonEnabled()) this.log(renderRestorePlan(plan))
      return plan
    } finally {
      await client.close().catch(() => {})
    }
  }
}
