/**
 * `runExport`: reader → NDJSON → sink, with a checkpoint after flushed data, a completeness check at the end
 * and `--resume`. The loop awaits every write, so a slow disk or pipe slows the reader down (its prefetch is
 * bounded) instead of filling memory. A regular output file is locked for the whole run (output-lock.ts);
 * stdout, devices and FIFOs get neither lock nor checkpoint.
 */
import {existsSync} from 'node:fs'

import type {Client} from '../connection/client.js'
import {AossError, isAossError, usageError} from '../errors.js'
import {advance, type ExportCheckpoint, checkpointPath, readCheckpoint, removeCheckpoint, writeCheckpoint} from './checkpoint.js'
import {ndjsonBuffers} from './ndjson.js'
import {DEFAULT_BATCH_SIZE, DEFAULT_KEEP_ALIVE, type DocumentReader, interrupted, openReader} from './reader.js'
import {outputError} from './output-errors.js'
import {lockOutput} from './output-lock.js'
import {type OutputKind, outputKind} from './output-target.js'
import {checkResumeOptions} from './resume-options.js'
import {ClosedPipeError, openSink, type Sink} from './sinks.js'
import type {LineFormat, Page, ReadOptions, ReadStrategy, SliceCursor} from './types.js'

export interface ExportOptions extends Omit<ReadOptions, 'resume'> {
  /** A file path, or '-' for stdout. */
  output: string
  /** Default 'hit'; on --resume, the recorded one (a different one given is refused). */
  format?: LineFormat
  /** Default off; on --resume, the recorded one (a different one given is refused). */
  gzip?: boolean
  /** Continue the export recorded in the checkpoint beside `output`. */
  resume?: boolean
  /** Start over even though a checkpoint says an earlier export is unfinished. */
  force?: boolean
  /** Least time between two checkpoints (default 1 s): each costs an fsync of the data and of the checkpoint. */
  checkpointEveryMs?: number
  /** Pages fetched ahead per slice (default 2). */
  prefetch?: number
}

export interface ExportStart {
  strategy: ReadStrategy
  slices: number
  tiebreaker: string
  expected?: number
  /** Documents already in the file from an earlier run (resume). */
  resumedDocs: number
  notes: string[]
}

export interface ExportProgress {
  docs: number
  expected?: number
  bytes: number
}

export interface ExportHooks {
  onStart?: (start: ExportStart) => void
  onProgress?: (progress: ExportProgress) => void
}

export interface ExportSummary {
  index: string
  /** 'stdout' or the file path. */
  output: string
  format: LineFormat
  gzip: boolean
  strategy: ReadStrategy
  slices: number
  tiebreaker: string
  /** Documents in the output (for a resume: the earlier runs' too). */
  docs: number
  /** Documents that matched at the start (capped by --max-docs). */
  expected?: number
  /** Bytes in the output (compressed when gzip). */
  bytes: number
  durationMs: number
  /** Documents per second in this run. */
  docsPerSecond: number
  resumed: boolean
  /** Written equals expected. */
  complete: boolean
  /** Set when the reader of stdout went away (`| head`); not an error. */
  stoppedEarly?: 'closed-pipe'
  requests: number
  retries: number
  reopened: number
  notes: string[]
}

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

  const plan: Plan = options.resume && previous
    ? fromCheckpoint(previous, options)
    : {...options, format: options.format ?? 'hit', gzip: options.gzip ?? false, tiebreaker: options.tiebreaker ?? (toFile ? '_id' : undefined)}
  if (options.resume && previous && !existsSync(options.output)) {
    throw usageError(`${options.output} is gone, but its checkpoint is still there`, 'Start over with --force.')
  }

  const reader = await openReader(client, {...plan, resume: previous && options.resume ? {strategy: previous.strategy, slices: previous.slices} : undefined}, {prefetch: options.prefetch})
  let sink: Sink | undefined
  try {
    sink = await openSink({output: options.output, kind, gzip: plan.gzip, keepBytes: options.resume ? previous?.bytes : undefined})
    return await copy(reader, sink, plan, options, {toFile, notes: [...notes, ...reader.notes]}, previous && options.resume ? previous : undefined, hooks, started)
  } finally {
    await reader.close()
    await sink?.close().catch(() => {})
  }
}

type Plan = Omit<ExportOptions, 'resume' | 'force' | 'format' | 'gzip'> & {format: LineFormat, gzip: boolean}

/** A resume reads exactly as the first run did; only connection, tuning and output flags may change. */
function fromCheckpoint(checkpoint: ExportCheckpoint, options: ExportOptions): Plan {
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

async function copy(
  reader: DocumentReader,
  sink: Sink,
  plan: Plan,
  options: ExportOptions,
  {toFile, notes}: {toFile: boolean, notes: string[]},
  resumed: ExportCheckpoint | undefined,
  hooks: ExportHooks,
  started: number,
): Promise<ExportSummary> {
  const cursors: SliceCursor[] = resumed
    ? resumed.slices.map((s) => ({...s}))
    : Array.from({length: reader.slices}, (_, id) => ({id, docs: 0, done: false}))
  const resumedDocs = resumed?.docs ?? 0
  let docs = resumedDocs
  const checkpoint = (bytes: number): ExportCheckpoint => ({
    version: 1,
    index: plan.index,
    query: plan.query,
    fields: plan.fields,
    sort: plan.sort,
    tiebreaker: reader.tiebreaker,
    format: plan.format,
    gzip: plan.gzip,
    batchSize: plan.batchSize ?? DEFAULT_BATCH_SIZE,
    maxDocs: plan.maxDocs,
    keepAlive: plan.keepAlive ?? DEFAULT_KEEP_ALIVE,
    strategy: reader.strategy,
    slices: cursors,
    expected: resumed?.expected ?? reader.expected,
    docs,
    bytes,
    startedAt: resumed?.startedAt ?? new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  })
  const save = async () => {
    if (!toFile) return
    try {
      const bytes = await sink.commit()
      await writeCheckpoint(options.output, checkpoint(bytes)).catch((error: unknown) => {
        throw outputError(error, checkpointPath(options.output))
      })
    } catch (error) {
      // The checkpoint already there still describes data that reached the disk: resuming from it is safe.
      throw withResumeHint(error, toFile, options.output)
    }
  }

  hooks.onStart?.({strategy: reader.strategy, slices: reader.slices, tiebreaker: reader.tiebreaker, expected: reader.expected, resumedDocs, notes})
  await save()
  const every = options.checkpointEveryMs ?? 1000
  let lastSave = performance.now()
  let stoppedEarly: ExportSummary['stoppedEarly']
  const iterator = reader[Symbol.asyncIterator]()
  for (;;) {
    let next: IteratorResult<Page>
    try {
      next = await iterator.next()
    } catch (error) {
      // Every page handed out so far is fully written: the checkpoint can record them all before giving up.
      await save().catch(() => {})
      throw withResumeHint(error, toFile, options.output)
    }

    if (next.done) break
    const page = next.value
    try {
      for (const chunk of ndjsonBuffers(page.hits, plan.format)) await sink.write(chunk)
    } catch (error) {
      if (error instanceof ClosedPipeError) {
        stoppedEarly = 'closed-pipe'
        break
      }

      throw withResumeHint(error, toFile, options.output)
    }

    advance(cursors, page)
    docs += page.hits.length
    hooks.onProgress?.({docs, expected: reader.expected, bytes: sink.outputBytes})
    if (toFile && performance.now() - lastSave >= every) {
      await save()
      lastSave = performance.now()
    }

    if (options.signal?.aborted) {
      await save().catch(() => {})
      throw withResumeHint(interrupted(), toFile, options.output)
    }
  }

  if (!stoppedEarly) {
    try {
      await sink.close()
    } catch (error) {
      if (!(error instanceof ClosedPipeError)) throw withResumeHint(error, toFile, options.output)
      stoppedEarly = 'closed-pipe'
    }
  }

  const durationMs = performance.now() - started
  const expected = reader.expected
  const summary: ExportSummary = {
    index: plan.index,
    output: sink.target,
    format: plan.format,
    gzip: plan.gzip,
    strategy: reader.strategy,
    slices: reader.slices,
    tiebreaker: reader.tiebreaker,
    docs,
    expected,
    bytes: sink.outputBytes,
    durationMs: Math.round(durationMs),
    docsPerSecond: Math.round(((docs - resumedDocs) * 1000) / Math.max(durationMs, 1)),
    resumed: Boolean(resumed),
    complete: expected === undefined || docs === expected,
    ...(stoppedEarly ? {stoppedEarly} : {}),
    requests: reader.stats.requests,
    retries: reader.stats.retries,
    reopened: reader.stats.reopened,
    notes,
  }
  if (stoppedEarly) return summary
  if (toFile) await removeCheckpoint(options.output)
  if (!summary.complete) {
    const missing = (expected ?? 0) - docs
    throw new AossError('INCOMPLETE', `wrote ${docs} documents but ${expected} matched at the start (${missing > 0 ? `${missing} missing` : `${-missing} extra`})`, {
      details: {summary, slices: cursors},
      hints: [
        reader.stats.reopened > 0
          ? 'The read context was reopened during the export; documents written in between explain a difference.'
          : 'Documents were added or deleted during the export, or the server returned short pages; run it again.',
      ],
    })
  }

  return summary
}

/** Adds "--resume" to the hints when there is a checkpoint to resume from (not when the first one failed). */
function withResumeHint(error: unknown, toFile: boolean, output: string): unknown {
  if (!toFile || !isAossError(error) || !existsSync(checkpointPath(output))) return error
  const hint = `Continue where it stopped: the same command with --resume (checkpoint ${checkpointPath(output)}).`
  if (error.hints.includes(hint)) return error
  return new AossError(error.code, error.message, {
    hints: [...error.hints, hint],
    statusCode: error.statusCode,
    details: error.details,
    cause: error.cause,
    exitCode: error.exitCode,
  })
}
