import {Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {indexTargetArg} from '../cli/flags.js'
import {interruptOnSignals} from '../cli/interrupt.js'
import {createProgress, readProgress} from '../cli/progress.js'
import {queryFlag} from '../cli/query-flags.js'
import {readFlags, readOptionsFrom} from '../cli/read-flags.js'
import {renderExportSummary, writeReportFile} from '../cli/render/export.js'
import {renderReadPlan} from '../cli/render/plan.js'
import {planRead, type ReadPlan} from '../lib/dryrun/read-plan.js'
import {isAossError} from '../lib/errors.js'
import {saysServerless} from '../lib/read/capabilities.js'
import {loadQuery, parseFields} from '../lib/read/export-input.js'
import {type ExportSummary, runExport} from '../lib/read/export.js'
import {wantsGzip} from '../lib/read/sinks.js'
import type {LineFormat} from '../lib/read/types.js'

export type ExportResult = ExportSummary | ReadPlan

export default class Export extends AossCommand<typeof Export> {
  static override summary = 'Write every document of an index to NDJSON: complete, streaming and resumable.'
  static override description = `Reads with a point in time and search_after (OpenSearch Serverless and OpenSearch 2.4+), scroll on older clusters, or plain search_after, in a total order so no document is skipped or repeated; --slices reads in parallel. Each line is {"_index","_id","_source"}, the form elasticdump reads and writes (--format source writes bare documents). The documents are counted first; when fewer are written the exit code is 3. With -o FILE a checkpoint is kept beside the file and --resume continues after a crash. Progress and the summary go to stderr; stdout carries only data.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory > inventory.jsonl',
    '<%= config.bin %> <%= command.id %> inventory -o inventory.jsonl.gz --slices 4',
    '<%= config.bin %> <%= command.id %> inventory -o inventory.jsonl --resume   # after a crash or Ctrl-C',
    '<%= config.bin %> <%= command.id %> "inv*" --query "category:kitchen AND price:<20" --fields sku,name,price,created_at --sort created_at',
    '<%= config.bin %> <%= command.id %> inventory --format source --max-docs 10 | jq .sku',
    '<%= config.bin %> <%= command.id %> inventory -o inv.jsonl --json --report export-report.json',
  ]

  static override args = {
    index: indexTargetArg({description: 'Index name, comma list or wildcard pattern (each line carries its _index).', required: true}),
  }

  static override flags = {
    output: Flags.string({char: 'o', summary: 'Output file, or - for stdout. A name ending in .gz is gzip-compressed.', default: '-'}),
    gzip: Flags.boolean({summary: 'Gzip the output (implied by a .gz file name).'}),
    // No flag default: on --resume an omitted --format means "as recorded", a given one must match it.
    format: Flags.string({summary: 'hit (default): {"_index","_id","_source"} per line; source: the bare document.', options: ['hit', 'source']}),
    ...queryFlag,
    fields: Flags.string({summary: 'Only these _source fields (comma list, wildcards allowed).', helpValue: 'a,b.c'}),
    sort: Flags.string({summary: 'Sort by FIELD[:asc|desc]; repeatable. A unique tiebreaker is always added.', multiple: true, helpValue: 'FIELD[:desc]'}),
    tiebreaker: Flags.string({summary: 'Unique field that breaks sort ties (default _shard_doc on OpenSearch 3.3+ to stdout, else _id).'}),
    'max-docs': Flags.integer({summary: 'Stop after this many documents.', min: 0}),
    ...readFlags,
    resume: Flags.boolean({summary: 'Continue the export recorded in FILE.aoss-checkpoint.json.', exclusive: ['force'], dependsOn: ['output']}),
    force: Flags.boolean({summary: 'Start over even though a checkpoint says an earlier export is unfinished (not while another export writes FILE).', exclusive: ['resume']}),
    quiet: Flags.boolean({summary: 'No progress bar and no summary on stderr.'}),
    report: Flags.string({summary: 'Also write the summary as JSON to this file.', helpValue: 'FILE'}),
    'dry-run': Flags.boolean({summary: 'Write nothing: print per index the docs, bytes, pages, requests, a time estimate from a short probe, and what would not be carried.'}),
    'checkpoint-every': Flags.integer({summary: 'Least milliseconds between two checkpoints (default 1000).', min: 0, hidden: true}),
  }

  static override stdoutIsData = true
  static override interruptIsIncomplete = true

  async run(): Promise<ExportResult> {
    const {flags, args} = this
    const client = await this.client()
    if (flags['dry-run']) {
      const plan = await planRead(client, {index: args.index, query: await loadQuery(flags.query), ...readOptionsFrom(flags)})
      if (!this.jsonEnabled()) this.note(renderReadPlan('export', plan))
      return plan
    }

    const quiet = flags.quiet || this.jsonEnabled()
    const progress = createProgress({unit: 'docs', quiet})
    const interrupt = interruptOnSignals()
    progress.status(`opening the read on ${args.index} and counting documents…`)
    try {
      const summary = await runExport(
        client,
        {
          index: args.index,
          output: flags.output,
          // Left undefined when not asked for, so --resume takes the recorded value instead of refusing.
          gzip: wantsGzip(flags.output, flags.gzip) || undefined,
          format: flags.format as LineFormat | undefined,
          query: await loadQuery(flags.query),
          fields: parseFields(flags.fields),
          sort: flags.sort,
          tiebreaker: flags.tiebreaker,
          maxDocs: flags['max-docs'],
          ...readOptionsFrom(flags),
          resume: flags.resume,
          force: flags.force,
          signal: interrupt.signal,
          serverless: saysServerless(this.settings()),
          checkpointEveryMs: flags['checkpoint-every'],
        },
        readProgress(progress, (note) => progress.above(() => this.note(`note: ${note}`))),
      )
      progress.stop()
      if (flags.report) await writeReportFile(flags.report, summary)
      if (!quiet && !summary.stoppedEarly) this.note(renderExportSummary(summary))
      return summary
    } catch (error) {
      progress.stop()
      if (flags.report) await writeReportFile(flags.report, {error: isAossError(error) ? error.toJSON() : String(error)}).catch(() => {})
      throw error
    } finally {
      interrupt.dispose()
    }
  }

  /** stdout carries the documents; the JSON summary goes to stderr (and to --report). */
  protected override logJson(json: unknown): void {
    process.stderr.write(`${JSON.stringify(json, null, 2)}\n`)
  }
}
