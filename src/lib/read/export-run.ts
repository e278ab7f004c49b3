/**
 * One export run, once its reader and sink are open: pages are written in order, each slice's position advances
 * only after its page is written, a checkpoint records flushed data at most every `checkpointEveryMs`, and the
 * end compares what was written with what the point in time held.
 */
import {existsSync} from 'node:fs'

import {AossError, isAossError} from '../errors.js'
import {advance, type ExportCheckpoint, checkpointPath, removeCheckpoint, writeCheckpoint} from './checkpoint.js'
import type {ExportHooks, ExportPlan, ExportSummary} from './export-types.js'
import {ndjsonBuffers} from './ndjson.js'
import {outputError} from './output-errors.js'
import {DEFAULT_BATCH_SIZE, DEFAULT_KEEP_ALIVE, type DocumentReader, interrupted} from './reader.js'
import {ClosedPipeError, type Sink} from './sinks.js'
import type {Page, SliceCursor} from './types.js'

export interface ExportRunContext {
  output: string
  /** A regular file: checkpoints are kept (stdout, devices and FIFOs have none). */
  toFile: boolean
  notes: string[]
  /** The checkpoint this run continues. */
  resumed?: ExportCheckpoint
  checkpointEveryMs?: number
  signal?: AbortSignal
  /** When the whole command started (performance.now()). */
  started: number
}

export class ExportRun {
  private readonly cursors: SliceCursor[]
  private readonly resumedDocs: number
  private docs: number
  private stoppedEarly: ExportSummary['stoppedEarly']

  constructor(
    private readonly reader: DocumentReader,
    private readonly sink: Sink,
    private readonly plan: ExportPlan,
    private readonly context: ExportRunContext,
  ) {
    this.cursors = context.resumed
      ? context.resumed.slices.map((s) => ({...s}))
      : Array.from({length: reader.slices}, (_, id) => ({id, docs: 0, done: false}))
    this.resumedDocs = context.resumed?.docs ?? 0
    this.docs = this.resumedDocs
  }

  async run(hooks: ExportHooks): Promise<ExportSummary> {
    const {reader} = this
    hooks.onStart?.({strategy: reader.strategy, slices: reader.slices, tiebreaker: reader.tiebreaker, expected: reader.expected, resumedDocs: this.resumedDocs, notes: this.context.notes})
    await this.save()
    await this.writePages(hooks)
    if (!this.stoppedEarly) await this.closeSink()
    const summary = this.summary()
    if (this.stoppedEarly) return summary
    if (this.context.toFile) await removeCheckpoint(this.context.output)
    if (!summary.complete) throw this.incomplete(summary)
    return summary
  }

  private async writePages(hooks: ExportHooks): Promise<void> {
    const every = this.context.checkpointEveryMs ?? 1000
    let lastSave = performance.now()
    const iterator = this.reader[Symbol.asyncIterator]()
    for (;;) {
      let next: IteratorResult<Page>
      try {
        next = await iterator.next()
      } catch (error) {
        // Every page handed out so far is fully written: the checkpoint can record them all before giving up.
        await this.save().catch(() => {})
        throw this.withResumeHint(error)
      }

      if (next.done) return
      const page = next.value
      if (!(await this.write(page))) return
      advance(this.cursors, page)
      this.docs += page.hits.length
      hooks.onProgress?.({docs: this.docs, expected: this.reader.expected, bytes: this.sink.outputBytes})
      if (this.context.toFile && performance.now() - lastSave >= every) {
        await this.save()
        lastSave = performance.now()
      }

      if (this.context.signal?.aborted) {
        await this.save().catch(() => {})
        throw this.withResumeHint(interrupted())
      }
    }
  }

  /** False when the reader of stdout went away (`| head`): the run ends early, and that is not an error. */
  private async write(page: Page): Promise<boolean> {
    try {
      for (const chunk of ndjsonBuffers(page.hits, this.plan.format)) await this.sink.write(chunk)
      return true
    } catch (error) {
      if (!(error instanceof ClosedPipeError)) throw this.withResumeHint(error)
      this.stoppedEarly = 'closed-pipe'
      return false
    }
  }

  private async closeSink(): Promise<void> {
    try {
      await this.sink.close()
    } catch (error) {
      if (!(error instanceof ClosedPipeError)) throw this.withResumeHint(error)
      this.stoppedEarly = 'closed-pipe'
    }
  }

  /** Flushes the data, then records where each slice stands; a no-op for stdout and devices. */
  private async save(): Promise<void> {
    if (!this.context.toFile) return
    try {
      const bytes = await this.sink.commit()
      await writeCheckpoint(this.context.output, this.checkpoint(bytes)).catch((error: unknown) => {
        throw outputError(error, checkpointPath(this.context.output))
      })
    } catch (error) {
      // The checkpoint already there still describes data that reached the disk: resuming from it is safe.
      throw this.withResumeHint(error)
    }
  }

  private checkpoint(bytes: number): ExportCheckpoint {
    const {plan, reader} = this
    const resumed = this.context.resumed
    return {
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
      slices: this.cursors,
      expected: resumed?.expected ?? reader.expected,
      docs: this.docs,
      bytes,
      startedAt: resumed?.startedAt ?? new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }
  }

  private summary(): ExportSummary {
    const {plan, reader, docs} = this
    const durationMs = performance.now() - this.context.started
    const expected = reader.expected
    return {
      index: plan.index,
      output: this.sink.target,
      format: plan.format,
      gzip: plan.gzip,
      strategy: reader.strategy,
      slices: reader.slices,
      ...(reader.adaptive() ? {adaptive: reader.adaptive()} : {}),
      tiebreaker: reader.tiebreaker,
      docs,
      expected,
      bytes: this.sink.outputBytes,
      durationMs: Math.round(durationMs),
      docsPerSecond: Math.round(((docs - this.resumedDocs) * 1000) / Math.max(durationMs, 1)),
      resumed: Boolean(this.context.resumed),
      complete: expected === undefined || docs === expected,
      ...(this.stoppedEarly ? {stoppedEarly: this.stoppedEarly} : {}),
      requests: reader.stats.requests,
      retries: reader.stats.retries,
      reopened: reader.stats.reopened,
      notes: this.context.notes,
    }
  }

  private incomplete(summary: ExportSummary): AossError {
    const {docs, expected} = summary
    const missing = (expected ?? 0) - docs
    return new AossError('INCOMPLETE', `wrote ${docs} documents but ${expected} matched at the start (${missing > 0 ? `${missing} missing` : `${-missing} extra`})`, {
      details: {summary, slices: this.cursors},
      hints: [
        this.reader.stats.reopened > 0
          ? 'The read context was reopened during the export; documents written in between explain a difference.'
          : 'Documents were added or deleted during the export, or the server returned short pages; run it again.',
      ],
    })
  }

  private withResumeHint(error: unknown): unknown {
    return withResumeHint(error, this.context.toFile, this.context.output)
  }
}

/** Adds "--resume" to the hints when there is a checkpoint to resume from (not when the first one failed). */
export function withResumeHint(error: unknown, toFile: boolean, output: string): unknown {
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
