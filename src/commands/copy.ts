import {Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {copyReadFlags, copyWriteFlags, targetFlags, targetInputFrom} from '../cli/copy-flags.js'
import {indexArg} from '../cli/flags.js'
import {interruptOnSignals} from '../cli/interrupt.js'
import {copyProgressLine, renderCopyReport} from '../cli/render/copy.js'
import {renderCopyPlan} from '../cli/render/plan.js'
import {bulkWriteOptionsFrom} from '../cli/write-flags.js'
import {createClient} from '../lib/connection/client.js'
import {type CopyReport, type CopySide, runCopy} from '../lib/copy/run.js'
import {type CopyPlan, planCopy} from '../lib/dryrun/copy-plan.js'
import {resolveTargetSettings} from '../lib/copy/target.js'
import {AossError} from '../lib/errors.js'
import {loadQuery, parseFields, resolveSlices} from '../lib/read/export-input.js'

export type CopyResult = CopyReport | CopyPlan

export default class Copy extends AossCommand<typeof Copy> {
  static override summary = 'Copy an index to another cluster or collection: streaming, resumable, throttle-aware.'
  static override description = `The source is the usual connection (--endpoint, --region, --role-arn, OPENSEARCH_URL…); the target has its twin --to-* flags and TARGET_-prefixed environment names (TARGET_OPENSEARCH_URL, TARGET_AWS_REGION, TARGET_AOSS_ROLE_ARN…), so each side signs with its own credentials, also across accounts. Documents are read with a point in time and search_after (sliced) and written with _bulk as they arrive; the reader waits for the writer, so memory stays small. Requests in flight and batch sizes halve while the target throttles and grow back while it keeps up. A checkpoint records where the target has acknowledged every document; --resume continues from there after a crash, kill -9 or an outage.

Exit code 3 when documents are missing or refused, and when the copy stopped early (the target down or still throttling after every retry, Ctrl-C): the same command with --resume continues it.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory -e https://search-shop.eu-west-1.es.amazonaws.com --to-endpoint https://abc123.eu-west-1.aoss.amazonaws.com --create-index',
    '<%= config.bin %> <%= command.id %> orders --to-endpoint https://xyz789.us-west-2.aoss.amazonaws.com --to-role-arn arn:aws:iam::210987654321:role/dr-writer --create-index   # another account',
    '<%= config.bin %> <%= command.id %> logs --to-endpoint https://ts1.eu-west-1.aoss.amazonaws.com --id-mode auto --id-field source_id   # time-series target',
    '<%= config.bin %> <%= command.id %> inventory --to-endpoint https://abc123.eu-west-1.aoss.amazonaws.com --resume',
  ]

  static override args = {index: indexArg({description: 'Source index or alias.', required: true})}
  static override flags = {
    ...targetFlags,
    ...copyReadFlags,
    ...copyWriteFlags,
    'dry-run': Flags.boolean({summary: 'Write nothing: print the read plan of the source, whether the target exists, the settings and ids it refuses, mapping differences, and a time estimate.', exclusive: ['resume']}),
  }

  async run(): Promise<CopyResult> {
    const {flags, args} = this
    const overrides = Copy.clientOverrides
    const targetSettings = resolveTargetSettings(targetInputFrom(flags))
    const [source, target] = [await this.client(), await createClient(targetSettings, overrides)]
    if (flags['dry-run']) return this.dryRun({client: source, settings: this.settings()}, {client: target, settings: targetSettings})
    const interrupt = interruptOnSignals()
    const progress = copyProgressLine()
    let report: CopyReport
    try {
      report = await runCopy({client: source, settings: this.settings()}, {client: target, settings: targetSettings}, {
        index: args.index,
        toIndex: flags['to-index'],
        query: await loadQuery(flags.query),
        fields: parseFields(flags.fields),
        batchSize: flags['batch-size'],
        ...resolveSlices(flags.slices, flags['max-slices']),
        maxDocs: flags['max-docs'],
        keepAlive: flags['keep-alive'],
        createIndex: flags['create-index'],
        aliases: flags.aliases,
        ...bulkWriteOptionsFrom(flags),
        checkpoint: flags.checkpoint,
        resume: flags.resume,
        force: flags.force,
        checkpointEveryMs: flags['checkpoint-every'],
        signal: interrupt.signal,
      }, {
        onNote: (message) => {
          progress.done()
          this.note(message)
        },
        onProgress: flags.quiet || this.jsonEnabled() ? undefined : (p) => progress.update(p),
      })
    } finally {
      progress.done()
      interrupt.dispose()
      await Promise.all([source.close().catch(() => {}), target.close().catch(() => {})])
    }

    if (!this.jsonEnabled()) this.log(renderCopyReport(report))
    if (!report.complete) this.incomplete(report)
    return report
  }

  private async dryRun(source: CopySide, target: CopySide): Promise<CopyPlan> {
    const {flags, args} = this
    try {
      const plan = await planCopy(source, target, {
        index: args.index,
        toIndex: flags['to-index'],
        query: await loadQuery(flags.query),
        batchSize: flags['batch-size'],
        ...resolveSlices(flags.slices, flags['max-slices']),
        keepAlive: flags['keep-alive'],
        createIndex: flags['create-index'],
        ...bulkWriteOptionsFrom(flags),
      })
      if (!this.jsonEnabled()) this.log(renderCopyPlan(plan))
      return plan
    } finally {
      await Promise.all([source.client.close().catch(() => {}), target.client.close().catch(() => {})])
    }
  }

  /** The report is still the most useful output; the exit code carries the verdict. */
  private incomplete(report: CopyReport): never {
    const missing = report.deadLettered > 0 ? `${report.deadLettered} documents were refused by ${report.target.index}` : `${report.target.index} received ${report.resumedDocs + report.written} of ${report.expected} documents`
    const error = new AossError('INCOMPLETE', missing, {hints: report.deadLetter ? [`The documents and reasons are in ${report.deadLetter}; fix the cause and restore that file.`] : []})
    if (!this.jsonEnabled()) throw error
    this.logJson(report)
    process.exitCode = error.exitCode
    this.exit(error.exitCode)
  }
}
