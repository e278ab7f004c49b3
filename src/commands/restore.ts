import {Args} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {createProgress} from '../cli/progress.js'
import {renderRestorePlan} from '../cli/render/plan.js'
import {renderRestoreReport} from '../cli/render/restore-report.js'
import {restoreFlags, restoreInputFrom} from '../cli/restore-flags.js'
import {s3Flags} from '../cli/s3-flags.js'
import {interruptOnSignals} from '../cli/interrupt.js'
import {planRestore, type RestorePlan} from '../lib/dryrun/restore-plan.js'
import {type RestoreReport, runRestore} from '../lib/restore/run.js'
import {restoreVerdict} from '../lib/restore/verdict.js'

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
    ...restoreFlags,
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
        ...restoreInputFrom(this.args.source, flags, settings.profile),
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
      const plan = await planRestore(client, this.settings(), restoreInputFrom(this.args.source, flags, this.settings().profile))
      if (!this.jsonEnabled()) this.log(renderRestorePlan(plan))
      return plan
    } finally {
      await client.close().catch(() => {})
    }
  }
}
