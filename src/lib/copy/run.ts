/**
 * `aoss copy`: the reader on the source (PIT + search_after, slices, query and fields) feeding the bulk writer on
 * the target directly, each with its own connection. The writer pulls documents as it has room for them, so the
 * reader waits for the writer: memory stays at the reader's prefetch plus the writer's batches in flight, however
 * large the index. The checkpoint records, per slice, where the target has acknowledged everything before; a copy
 * stopped by a target outage, throttling beyond every retry, Ctrl-C or kill -9 continues from there (`--resume`).
 */
import {join} from 'node:path'

import {backupStamp} from '../backup/layout.js'
import {describeIndices} from '../backup/index-meta.js'
import type {Client} from '../connection/client.js'
import {type Flavour, probeServer} from '../connection/flavour.js'
import {assertIndexName} from '../connection/paths.js'
import type {RetryPolicy} from '../connection/retry.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {AossError, isAossError, usageError} from '../errors.js'
import {RawHit} from '../read/raw-hit.js'
import {DEFAULT_BATCH_SIZE, DEFAULT_KEEP_ALIVE, openReader} from '../read/reader.js'
import type {Page, SliceCursor} from '../read/types.js'
import {type CreatedTarget, createTarget} from '../restore/create-target.js'
import type {BulkDoc} from '../write/bulk-doc.js'
import {DeadLetterFile} from '../write/dead-letter.js'
import {BulkWriter, type IdMode, type WriteStats} from '../write/writer.js'
import {AcknowledgedPositions} from './acknowledged.js'
import {type CopyCheckpoint, defaultCheckpointPath, readCopyCheckpoint, removeCopyCheckpoint, writeCopyCheckpoint} from './checkpoint.js'
import {duplicatesQuery} from './duplicates.js'

export interface CopySide {
  client: Client
  settings: ConnectionSettings
}

export interface CopyOptions {
  /** Source index or alias. */
  index: string
  /** Target index (default: the source's name). */
  toIndex?: string
  query?: Record<string, unknown>
  fields?: string[]
  /** Hits per page read (default 1,000). */
  batchSize?: number
  slices?: number
  /** --slices auto: `slices` is the most that read at once, and an AIMD limit picks how many do. */
  adaptive?: boolean
  maxDocs?: number
  keepAlive?: string
  /** Create the target from the source's mappings, settings (those the target accepts) and aliases. */
  createIndex?: boolean
  /** With createIndex: add the source's aliases (default: only when the target keeps the source's name). */
  aliases?: boolean
  idMode?: IdMode
  /** Write each document's source `_id` into this field. */
  idField?: string
  batchBytes?: number
  batchDocs?: number
  concurrency?: number
  retry?: RetryPolicy
  /** Dead-letter file (default copy-<to>-<time>.rejected.ndjson in the working directory). */
  deadLetter?: string
  /** Checkpoint file (default copy-<index>-to-<to>.aoss-checkpoint.json in the working directory). */
  checkpoint?: string
  resume?: boolean
  /** Start over although a checkpoint says an earlier copy is unfinished. */
  force?: boolean
  /** Least time between two checkpoints (default 1 s). */
  checkpointEveryMs?: number
  signal?: AbortSignal
}

export interface CopyProgress {
  read: number
  written: number
  retried: number
  deadLettered: number
  expected?: number
  readPerSecond: number
  writtenPerSecond: number
  /** Requests in flight now (adaptive). */
  concurrency: number
}

export interface CopyHooks {
  onNote?: (message: string) => void
  onProgress?: (progress: CopyProgress) => void
}

export interface CopyReport {
  source: {endpoint: string, index: string, flavour: Flavour}
  target: {endpoint: string, index: string, flavour: Flavour}
  created?: CreatedTarget
  strategy: string
  slices: number
  /** With --slices auto: how many slices read at once at the end (what the limit settled on). */
  slicesSettled?: number
  /** Documents that matched at the start (of the first run, when resumed). */
  expected?: number
  /** Documents read from the source in this run. */
  read: number
  /** Documents the target acknowledged in this run. */
  written: number
  retried: number
  throttled: number
  deadLettered: number
  deadLetter?: string
  /** Documents acknowledged by earlier runs (resume). */
  resumedDocs: number
  resumed: boolean
  idsDropped: boolean
  idField?: string
  adaptive: WriteStats['adaptive']
  elapsedMs: number
  readPerSecond: number
  writtenPerSecond: number
  warnings: string[]
  /** Every matching document is in the target (or was resumed as such) and none was dead-lettered. */
  complete: boolean
}

export async function runCopy(source: CopySide, target: CopySide, options: CopyOptions, hooks: CopyHooks = {}): Promise<CopyReport> {
  const started = performance.now()
  const note = hooks.onNote ?? (() => {})
  const warnings: string[] = []
  const warn = (message: string) => {
    warnings.push(message)
    note(`warning: ${message}`)
  }

  const toIndex = options.toIndex ?? options.index
  assertIndexName(options.index)
  assertIndexName(toIndex)
  if (sameIndex(source.settings, target.settings, options.index, toIndex)) {
    throw usageError(`the source and the target are the same index (${toIndex} on ${target.settings.endpoint})`, 'Pass --to-index with another name, or --to-endpoint for another cluster.')
  }

  const checkpointFile = options.checkpoint ?? defaultCheckpointPath(options.index, toIndex)
  const previous = await readCopyCheckpoint(checkpointFile)
  const resumed = previous && options.resume ? previous : undefined
  checkResume(options, previous, checkpointFile, toIndex, source.settings.endpoint, target.settings.endpoint)
  if (resumed && options.createIndex) note('--create-index skipped: resuming into the index the first run created')

  const [sourceServer, targetServer] = await Promise.all([probeServer(source.client, source.settings), probeServer(target.client, target.settings)])
  let created: CreatedTarget | undefined
  if (options.createIndex && !resumed) {
    const [meta] = await describeIndices(source.client, [options.index], source.settings.endpoint)
    created = await createTarget(target.client, {index: toIndex, entry: {...meta!, docs: 0, bytes: 0, chunks: []}, flavour: targetServer.flavour, aliases: options.aliases})
    if (created.refusedByFlavour.length > 0) warn(`left out settings ${targetServer.flavour} refuses: ${created.refusedByFlavour.join(', ')}`)
    if (created.skippedAliases.length > 0) note(`aliases not added (the target has another name than ${options.index}): ${created.skippedAliases.join(', ')}; pass --aliases to add them`)
  }

  // _id as tiebreaker: positions stay valid in a new point in time, so a resume can continue after them.
  const plan = resumed
    ? {index: resumed.source.index, query: resumed.query, fields: resumed.fields, batchSize: resumed.batchSize, maxDocs: resumed.maxDocs, keepAlive: resumed.keepAlive, tiebreaker: resumed.tiebreaker, slices: resumed.slices.length}
    : {index: options.index, query: options.query, fields: options.fields, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE, maxDocs: options.maxDocs, keepAlive: options.keepAlive ?? DEFAULT_KEEP_ALIVE, tiebreaker: '_id', slices: options.slices}
  const idField = resumed ? resumed.idField : options.idField
  if (resumed?.idsDropped) warnDuplicates(resumed, toIndex, warn)

  const reader = await openReader(source.client, {...plan, adaptive: options.adaptive, signal: options.signal, resume: resumed ? {strategy: resumed.strategy, slices: resumed.slices} : undefined})
  for (const message of reader.notes) note(`note: ${message}`)
  const cursors: SliceCursor[] = resumed ? resumed.slices.map((s) => ({...s})) : Array.from({length: reader.slices}, (_, id) => ({id, docs: 0, done: false}))
  const positions = new AcknowledgedPositions(cursors)
  const deadLetterFile = options.deadLetter ?? resumed?.deadLetter ?? join(process.cwd(), `copy-${toIndex}-${backupStamp(new Date())}.rejected.ndjson`)
  const deadLetter = new DeadLetterFile(deadLetterFile, {append: Boolean(resumed)})
  await deadLetter.open()
  let read = 0
  const writer: BulkWriter = new BulkWriter({
    client: target.client,
    index: toIndex,
    batchBytes: options.batchBytes,
    batchDocs: options.batchDocs,
    concurrency: options.concurrency,
    idMode: options.idMode,
    idField,
    retry: options.retry,
    deadLetter,
    signal: options.signal,
    exhausted: 'stop',
    onWarning: warn,
    onSettled: (docs) => positions.settle(docs.map((doc) => doc.line)),
    onProgress: (stats) => hooks.onProgress?.(progressOf(stats, read, reader.expected, started)),
  })

  const checkpoint = (): CopyCheckpoint => {
    const stats = writer.stats()
    return {
      version: 1,
      kind: 'copy',
      source: {endpoint: source.settings.endpoint, index: plan.index},
      target: {endpoint: target.settings.endpoint, index: toIndex},
      query: plan.query,
      fields: plan.fields,
      batchSize: plan.batchSize,
      maxDocs: plan.maxDocs,
      keepAlive: plan.keepAlive,
      tiebreaker: reader.tiebreaker,
      strategy: reader.strategy,
      slices: cursors,
      expected: resumed?.expected ?? reader.expected,
      // The positions, not the settled count: documents settled beyond a position are sent again on resume.
      docs: cursors.reduce((sum, cursor) => sum + cursor.docs, 0),
      written: (resumed?.written ?? 0) + stats.written,
      deadLettered: (resumed?.deadLettered ?? 0) + stats.failed,
      idsDropped: (resumed?.idsDropped ?? false) || stats.idsDropped,
      ...(idField ? {idField} : {}),
      deadLetter: deadLetterFile,
      startedAt: resumed?.startedAt ?? new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    }
  }

  const save = () => writeCopyCheckpoint(checkpointFile, checkpoint())
  const every = options.checkpointEveryMs ?? 1000
  let lastSave = performance.now()
  async function* documents(): AsyncGenerator<BulkDoc> {
    for await (const page of reader as AsyncIterable<Page>) {
      positions.read(page, read + 1)
      for (const hit of page.hits) {
        read++
        yield {id: hit._id, sourceJson: RawHit.textOf(hit) ?? JSON.stringify(hit._source), line: read}
      }

      if (performance.now() - lastSave >= every) {
        await save()
        lastSave = performance.now()
      }
    }
  }

  let stats: WriteStats
  try {
    await save()
    stats = await writer.write(documents())
  } catch (error) {
    await save().catch(() => {})
    throw stopped(error, writer.stats(), checkpointFile, deadLetter.path)
  } finally {
    await reader.close()
    await deadLetter.close()
  }

  const total = checkpoint()
  const expected = total.expected
  const complete = total.deadLettered === 0 && (expected === undefined || total.docs === expected)
  if (complete) await removeCopyCheckpoint(checkpointFile)
  else await save()
  if (expected !== undefined && total.docs !== expected) {
    warn(`${total.docs} documents were copied but ${expected} matched at the start: documents were added or deleted meanwhile, or the source returned short pages`)
  }

  const elapsedMs = performance.now() - started
  return {
    source: {endpoint: source.settings.endpoint, index: plan.index, flavour: sourceServer.flavour},
    target: {endpoint: target.settings.endpoint, index: toIndex, flavour: targetServer.flavour},
    ...(created ? {created} : {}),
    strategy: reader.strategy,
    slices: reader.slices,
    ...(reader.adaptive() ? {slicesSettled: reader.adaptive()!.limit} : {}),
    expected,
    read,
    written: stats.written,
    retried: stats.retried,
    throttled: stats.throttled,
    deadLettered: stats.failed,
    ...(deadLetter.path ? {deadLetter: deadLetter.path} : {}),
    resumedDocs: resumed?.docs ?? 0,
    resumed: Boolean(resumed),
    idsDropped: total.idsDropped,
    ...(idField ? {idField} : {}),
    adaptive: stats.adaptive,
    elapsedMs: Math.round(elapsedMs),
    readPerSecond: perSecond(read, elapsedMs),
    writtenPerSecond: perSecond(stats.written, elapsedMs),
    warnings,
    complete,
  }
}

function checkResume(options: CopyOptions, previous: CopyCheckpoint | undefined, file: string, toIndex: string, sourceEndpoint: string, targetEndpoint: string): void {
  if (options.resume && !previous) throw usageError(`nothing to resume: no ${file}`, 'The copy finished, or never started; run it without --resume.')
  if (!options.resume && previous && !options.force) {
    throw usageError(`an unfinished copy of ${previous.source.index} to ${previous.target.index} is recorded in ${file}`, 'Pass --resume to continue it, or --force to start over.')
  }

  if (options.resume && previous) {
    const same = previous.source.index === options.index && previous.target.index === toIndex && previous.source.endpoint === sourceEndpoint && previous.target.endpoint === targetEndpoint
    if (!same) {
      throw usageError(`${file} records a copy of ${previous.source.index} on ${previous.source.endpoint} to ${previous.target.index} on ${previous.target.endpoint}`, 'Resume with the same source and target, or pass --force to start this copy over.')
    }
  }
}

function sameIndex(source: ConnectionSettings, target: ConnectionSettings, index: string, toIndex: string): boolean {
  return source.endpoint === target.endpoint && index === toIndex
}

/** Without ids, what the earlier run had sent but not seen acknowledged may be in the target twice after a resume. */
function warnDuplicates(previous: CopyCheckpoint, toIndex: string, warn: (message: string) => void): void {
  const how = previous.idField
    ? `the source ids that occur more than once are the duplicates: search ${toIndex} with ${JSON.stringify(duplicatesQuery(previous.idField))} (${previous.idField}.keyword where ${previous.idField} was mapped dynamically)`
    : 'they cannot be told apart from the originals: pass --id-field on copies into collections that assign their own ids'
  warn(`${toIndex} assigns its own ids: documents the interrupted run sent after its last checkpoint may now be there twice; ${how}`)
}

function progressOf(stats: WriteStats, read: number, expected: number | undefined, started: number): CopyProgress {
  const elapsed = performance.now() - started
  return {
    read,
    written: stats.written,
    retried: stats.retried,
    deadLettered: stats.failed,
    expected,
    readPerSecond: perSecond(read, elapsed),
    writtenPerSecond: perSecond(stats.written, elapsed),
    concurrency: stats.adaptive.concurrency,
  }
}

function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((count * 1000) / elapsedMs) : 0
}

/**
 * The error that stopped a copy, as "incomplete" (exit 3) with where it got to and how to continue: whatever
 * stopped it — a target outage, throttling past every retry, the source failing, Ctrl-C — the checkpoint holds
 * only acknowledged documents, so --resume leaves no gap.
 */
function stopped(error: unknown, stats: WriteStats, checkpointFile: string, deadLetter: string | undefined): AossError {
  const base = isAossError(error)
    ? error
    : (error as {name?: string})?.name === 'AbortError'
      ? new AossError('INCOMPLETE', 'copy interrupted', {cause: error})
      : new AossError('UNEXPECTED', (error as Error)?.message ?? String(error), {cause: error})
  if (base.code === 'USAGE') return base
  const hints = [...base.hints, `Continue where it stopped: the same command with --resume (checkpoint ${checkpointFile}).`]
  if (deadLetter) hints.push(`Refused documents so far are in ${deadLetter}.`)
  return new AossError('INCOMPLETE', `${base.message}; ${stats.written.toLocaleString('en-US')} document${stats.written === 1 ? ' was' : 's were'} written in this run before it stopped`, {
    cause: base.cause ?? error,
    hints,
    statusCode: base.statusCode,
    details: {...base.details, stoppedBy: base.code, written: stats.written, checkpoint: checkpointFile, ...(deadLetter ? {deadLetter} : {})},
  })
}
