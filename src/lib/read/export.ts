/**
 * `runExport`: reader → NDJSON → sink, with a checkpoint after flushed data, a completeness check at the end
 * and `--resume`. The loop awaits every write, so a slow disk or pipe slows the reader down (its prefetch is
 * bounded) instead of filling memory. A regular output file is locked for the whole run (output-lock.ts);
 * stdout, devices and FIFOs get neither lock nor checkpoint.
 */
import {existsSync} from 'node:fs'

import type {Client} from '../connection/client.js'
import {usageError} from '../errors.js'
import {type ExportCheckpoint, checkpointPath, readCheckpoint} from './checkpoint.js'
import {ExportRun} from './export-run.js'
import type {ExportHooks, ExportOptions, ExportPlan, ExportSummary} from './export-types.js'
import {lockOutput} from './output-lock.js'
import {type OutputKind, outputKind} from './output-target.js'
import {openReader} from './reader.js'
import {checkResumeOptions} from './resume-options.js'
import {openSink, type Sink} from './sinks.js'

export type {ExportHooks, ExportOptions, ExportPlan, ExportProgress, ExportStart, ExportSummary} from './export-types.js'

export async function runExport(client: Client, options: ExportOptions, hooks: ExportHooks = {}): Promise<ExportSummary> {
  const started = performance.now()
  const kind = await outputKind(options.output)
  if (options.resume && kind === 'stdout') throw usageError('--resume needs an output file (-o FILE)', 'stdout cannot be continued.')
  if (options.resume && kind === 'stream') throw usageError(`--resume needs a regular file, and ${options.output} is a device or a pipe`, 'A stream cannot be continued.')

  // Taken before the checkpoint is read and before the file is truncated, held until the end.
  const lock = kind === 'file' ? await lockOutput(options.output) : undefined
  try {
    return await exportTo(client, options, kind, lock?.note ? [lock.note] : [], hooks, started)
  } finally {
    await lock?.release()
  }
}

async function exportTo(client: Client, options: ExportOptions, kind: OutputKind, notes: string[], hooks: ExportHooks, started: number): Promise<ExportSummary> {
  const toFile = kind === 'file'
  const previous = toFile ? await readCheckpoint(options.output) : undefined
  if (options.resume && !previous) {
    throw usageError(`nothing to resume: no ${checkpointPath(options.output)}`, 'The export finished, or never started; run it without --resume.')
  }

  if (options.resume && previous && previous.index !== options.index) {
    // Everything else a resume takes from the checkpoint; a different index is a mistake worth stopping for.
    throw usageError(`${checkpointPath(options.output)} records an export of ${previous.index}, not ${options.index}`, `Resume with ${previous.index}, or pass --force to start an export of ${options.index} over.`)
  }

  if (options.resume && previous) checkResumeOptions(options, previous, checkpointPath(options.output))

  if (!options.resume && previous && !options.force) {
    throw usageError(`an unfinished export of ${previous.index} is recorded beside ${options.output}`, 'Pass --resume to continue it, or --force to start over.')
  }

  const plan: ExportPlan = options.resume && previous
    ? fromCheckpoint(previous, options)
    : {...options, format: options.format ?? 'hit', gzip: options.gzip ?? false, tiebreaker: options.tiebreaker ?? (toFile ? '_id' : undefined)}
  if (options.resume && previous && !existsSync(options.output)) {
    throw usageError(`${options.output} is gone, but its checkpoint is still there`, 'Start over with --force.')
  }

  const reader = await openReader(client, {...plan, resume: previous && options.resume ? {strategy: previous.strategy, slices: previous.slices} : undefined}, {prefetch: options.prefetch})
  let sink: Sink | undefined
  try {
    sink = await openSink({output: options.output, kind, gzip: plan.gzip, keepBytes: options.resume ? previous?.bytes : undefined})
    const run = new ExportRun(reader, sink, plan, {
      output: options.output,
      toFile,
      notes: [...notes, ...reader.notes],
      resumed: previous && options.resume ? previous : undefined,
      checkpointEveryMs: options.checkpointEveryMs,
      signal: options.signal,
      started,
    })
    return await run.run(hooks)
  } finally {
    await reader.close()
    await sink?.close().catch(() => {})
  }
}

/** A resume reads exactly as the first run did; only connection, tuning and output flags may change. */
function fromCheckpoint(checkpoint: ExportCheckpoint, options: ExportOptions): ExportPlan {
  return {
    ...options,
    index: checkpoint.index,
    query: checkpoint.query,
    fields: checkpoint.fields,
    sort: checkpoint.sort,
    tiebreaker: checkpoint.tiebreaker,
    format: checkpoint.format,
    gzip: checkpoint.gzip,
    batchSize: checkpoint.batchSize,
    maxDocs: checkpoint.maxDocs,
    keepAlive: checkpoint.keepAlive,
    slices: checkpoint.slices.length,
    strategy: checkpoint.strategy,
  }
}
