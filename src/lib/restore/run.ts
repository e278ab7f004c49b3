/**
 * `aoss restore`: source → verify → (create the target) → `_bulk` writer → dead letters → count check.
 * Returns a report even when documents failed; the caller decides the exit code from `complete`.
 */
import {join} from 'node:path'

import {backupStamp} from '../backup/layout.js'
import {type S3Settings} from '../s3/client.js'
import type {Client} from '../connection/client.js'
import {type Flavour, probeServer} from '../connection/flavour.js'
import {assertIndexName} from '../connection/paths.js'
import type {RetryPolicy} from '../connection/retry.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {AossError, isAossError} from '../errors.js'
import {DeadLetterFile} from '../write/dead-letter.js'
import {BulkWriter, type IdMode, type WriteStats} from '../write/writer.js'
import {type CountCheck, checkCount, currentCount} from './count-check.js'
import {type CreatedTarget, createTarget} from './create-target.js'
import type {FormatGuess} from './line-format.js'
import {planTarget, prepareTarget} from './missing-target.js'
import {DocReader} from './read-docs.js'
import {openSource, type SourceKind} from './sources.js'
import {type VerifyResult, verifySource} from './verify.js'

export interface RestoreOptions {
  /** A file path, `-`, an `s3://…/manifest.json` or a local backup manifest/folder. */
  source: string
  /** Target index. */
  index: string
  /** Which index of a multi-index backup. */
  sourceIndex?: string
  /** Create the target from the backup's mappings/settings (backups only). */
  createIndex?: boolean
  /** Add the backup's aliases on create (default: only when the target keeps the original name). */
  aliases?: boolean
  /**
   * A missing target (without createIndex): false refuses it (exit 5); by default it is created from the backup's
   * mappings or `mappingsFile`, else the server creates it with guessed mappings, after a warning.
   */
  create?: boolean
  /** Mappings for a target that does not exist yet (`--mappings FILE`). */
  mappingsFile?: string
  idMode?: IdMode
  /** Write each document's `_id` into this field (collections that assign their own ids). */
  idField?: string
  batchBytes?: number
  batchDocs?: number
  concurrency?: number
  retry?: RetryPolicy
  /** Dead-letter file; default `restore-<index>-<stamp>.rejected.ndjson` in the working directory. */
  deadLetter?: string
  skipVerify?: boolean
  /** How long to wait for the count to match; 0 skips the check. Default 120 s on serverless, 30 s elsewhere. */
  countTimeoutMs?: number
  countIntervalMs?: number
  s3?: S3Settings
  stdin?: NodeJS.ReadableStream
  signal?: AbortSignal
  onNote?: (message: string) => void
  /** What a quiet phase before the first write is doing (verifying, creating the index), for a progress line. */
  onPhase?: (message: string) => void
  onProgress?: (stats: WriteStats, expectedDocs?: number) => void
}

export interface RestoreReport extends WriteStats {
  source: {
    name: string
    kind: SourceKind
    format?: FormatGuess['format']
    producer?: FormatGuess['producer']
    /** Documents the source holds: the manifest's count, or the verification pass over a file. */
    docs?: number
  }
  index: string
  flavour: Flavour
  verify: VerifyResult
  created?: CreatedTarget
  /** Where refused documents went; absent when none were. */
  deadLetter?: string
  count?: CountCheck
  /** Things worth a person's attention (ids dropped, batches lowered, counts that disagree), also under --json. */
  warnings: string[]
  /** Every document written and (when checked) visible in the target. */
  complete: boolean
}

export async function runRestore(client: Client, settings: ConnectionSettings, options: RestoreOptions): Promise<RestoreReport> {
  const note = options.onNote ?? (() => {})
  const warnings: string[] = []
  const warn = (message: string) => {
    warnings.push(message)
    note(`warning: ${message}`)
  }

  assertIndexName(options.index)
  if (options.createIndex && options.source === '-') {
    throw new AossError('USAGE', '--create-index needs a backup (its manifest holds the mappings)', {
      hints: ['Create the index first (aoss index create), then restore into it.'],
    })
  }

  const source = await openSource(options.source, {sourceIndex: options.sourceIndex, s3: options.s3, stdin: options.stdin})
  const deadLetter = new DeadLetterFile(options.deadLetter ?? join(process.cwd(), `restore-${options.index}-${backupStamp(new Date())}.rejected.ndjson`))
  try {
    if (options.createIndex && !source.entry) {
      throw new AossError('USAGE', '--create-index needs a backup (its manifest holds the mappings); this source is a data file', {
        hints: ['Create the index first (aoss index create --mappings FILE), then restore into it.'],
      })
    }

    // Before anything is written: a dead-letter path that cannot be created must not surface after documents
    // were refused and had nowhere to go. Removed again at the end when no document was refused.
    await deadLetter.open()

    // The endpoint first: a wrong URL or missing permission should not wait for a long verification.
    const server = await probeServer(client, settings)
    const target = {index: options.index, flavour: server.flavour, create: options.create, mappingsFile: options.mappingsFile, entry: source.entry, aliases: options.aliases}
    const plan = options.createIndex ? undefined : await planTarget(client, target)
    let verify: VerifyResult = {checked: 'none', elapsedMs: 0}
    if (options.skipVerify) note('verification skipped (--skip-verify)')
    else {
      if (source.kind !== 'stdin') options.onPhase?.(source.kind === 'backup' ? "verifying the backup's chunks (size and sha256)…" : `verifying ${source.name} (reading it through once)…`)
      verify = await verifySource(source)
    }
    const sourceDocs = source.expectedDocs ?? verify.docs

    let created: CreatedTarget | undefined
    if (options.createIndex && source.entry) {
      created = await createTarget(client, {index: options.index, entry: source.entry, flavour: server.flavour, aliases: options.aliases})
      if (created.refusedByFlavour.length > 0) warn(`left out settings ${server.flavour} refuses: ${created.refusedByFlavour.join(', ')}`)
      if (created.skippedAliases.length > 0) note(`aliases not added (the target has another name than ${source.entry.name}): ${created.skippedAliases.join(', ')}; pass --aliases to add them`)
    } else if (plan) {
      created = await prepareTarget(client, plan, target, {note, warn})
      if (created && created.refusedByFlavour.length > 0) warn(`left out settings ${server.flavour} refuses: ${created.refusedByFlavour.join(', ')}`)
    }

    const countTimeoutMs = options.countTimeoutMs ?? (server.flavour === 'serverless' ? 120_000 : 30_000)
    const baseline = created || countTimeoutMs === 0 ? 0 : await currentCount(client, options.index)
    // An incremental chain is written link after link, each to the end, so a document in several links ends as
    // its newest version; within a link each id occurs once, and batches may run in parallel.
    const links = source.links ?? [source.parts]
    let reader: DocReader | undefined
    let stats: WriteStats | undefined
    let largestLink = 0
    try {
      for (const parts of links) {
        reader = new DocReader(parts, {verified: !options.skipVerify})
        const before = stats
        const writer = new BulkWriter({
          client,
          index: options.index,
          batchBytes: options.batchBytes,
          batchDocs: options.batchDocs,
          concurrency: options.concurrency,
          idMode: options.idMode,
          idField: options.idField,
          retry: options.retry,
          deadLetter,
          signal: options.signal,
          onWarning: warn,
          onProgress: options.onProgress ? (now) => options.onProgress!(before ? addStats(before, now) : now, sourceDocs) : undefined,
        })
        let linkStats: WriteStats
        try {
          linkStats = await writer.write(reader.docs())
        } catch (error) {
          throw stoppedAfter(error, before ? addStats(before, writer.stats()) : writer.stats(), deadLetter.path)
        }

        largestLink = Math.max(largestLink, linkStats.written)
        stats = before ? addStats(before, linkStats) : linkStats
      }
    } finally {
      await deadLetter.close()
    }

    if (!stats || !reader) throw new AossError('UNEXPECTED', 'the source has no parts to restore')
    if (links.length > 1) {
      warn(`restored an incremental chain of ${links.length} backups in order; documents deleted at the source after the full backup are not recorded in a chain and are still here`)
      if (stats.idsDropped) warn('ids were not kept, so documents changed between links were written once per link')
    }

    if (sourceDocs !== undefined && stats.docs !== sourceDocs) {
      warn(`the source should hold ${sourceDocs} documents but ${stats.docs} were read`)
    } else if (stats.docs === 0) {
      // Not a failure (an empty export restores to nothing), but never silent: a wrong file looks the same.
      warn(`${source.name} holds no documents: nothing was written`)
    }

    let count: CountCheck | undefined
    let waitNoted = false
    if (countTimeoutMs > 0 && stats.written > 0) {
      // With kept ids a document may replace one already there, so only a lower bound is certain.
      const expected = stats.idsDropped ? baseline + stats.written : Math.max(baseline, links.length > 1 ? largestLink : stats.written)
      count = await checkCount(client, {
        index: options.index,
        flavour: server.flavour,
        expected,
        timeoutMs: countTimeoutMs,
        intervalMs: options.countIntervalMs,
        signal: options.signal,
        onWait: (now, want) => {
          if (!waitNoted) note(`waiting up to ${Math.round(countTimeoutMs / 1000)} s for the documents to become visible (${now.toLocaleString('en-US')} of ${want.toLocaleString('en-US')} so far)`)
          waitNoted = true
        },
      })
    }

    const complete = stats.failed === 0 && stats.docs === stats.written && (count?.matched ?? true) && (sourceDocs === undefined || stats.docs === sourceDocs)
    return {
      source: {name: source.name, kind: source.kind, format: reader.format?.format, producer: reader.format?.producer, docs: sourceDocs},
      index: options.index,
      flavour: server.flavour,
      verify,
      ...(created ? {created} : {}),
      ...stats,
      ...(deadLetter.path ? {deadLetter: deadLetter.path} : {}),
      ...(count ? {count} : {}),
      warnings,
      complete,
    }
  } finally {
    await deadLetter.close().catch(() => {})
    source.close()
  }
}

/** The error that stopped a restore, with how far it got: a partial restore must never look like nothing happened. */
function stoppedAfter(error: unknown, stats: WriteStats, deadLetter: string | undefined): AossError {
  const aborted = (error as {name?: string})?.name === 'AbortError'
  const base = isAossError(error)
    ? error
    : aborted
      ? new AossError('INCOMPLETE', 'restore interrupted', {cause: error})
      : new AossError('UNEXPECTED', (error as Error)?.message ?? String(error), {cause: error})
  // After a request whose outcome is unknown, "nothing was written" may not be true: say only what is known.
  const unknown = base.details?.outcomeUnknown === true
  const progress = stats.written > 0 ? `; ${stats.written.toLocaleString('en-US')} document${stats.written === 1 ? ' was' : 's were'} written before it stopped` : unknown ? '' : '; nothing was written'
  const hints = [...base.hints]
  if (stats.written > 0) hints.push('With kept ids, running the same restore again overwrites what was written instead of duplicating it.')
  if (deadLetter) hints.push(`Refused documents so far are in ${deadLetter}.`)
  return new AossError(base.code, `${base.message}${progress}`, {
    cause: base.cause ?? error,
    hints,
    statusCode: base.statusCode,
    details: {...base.details, written: stats.written, failed: stats.failed, docs: stats.docs, ...(deadLetter ? {deadLetter} : {})},
    exitCode: base.exitCode,
  })
}

/** Two runs' write statistics as one (a chain's links). */
function addStats(a: WriteStats, b: WriteStats): WriteStats {
  const elapsedMs = a.elapsedMs + b.elapsedMs
  const docs = a.docs + b.docs
  return {
    docs,
    written: a.written + b.written,
    failed: a.failed + b.failed,
    rejected: a.rejected + b.rejected,
    gaveUp: a.gaveUp + b.gaveUp,
    retried: a.retried + b.retried,
    throttled: a.throttled + b.throttled,
    requests: a.requests + b.requests,
    // The later link's writer ends where the run ends; the lowest points and cuts count over both.
    adaptive: {
      ...b.adaptive,
      lowestConcurrency: Math.min(a.adaptive.lowestConcurrency, b.adaptive.lowestConcurrency),
      lowestBatchBytes: Math.min(a.adaptive.lowestBatchBytes, b.adaptive.lowestBatchBytes),
      cuts: a.adaptive.cuts + b.adaptive.cuts,
    },
    bytes: a.bytes + b.bytes,
    idsDropped: a.idsDropped || b.idsDropped,
    elapsedMs,
    docsPerSecond: elapsedMs > 0 ? Math.round((docs * 1000) / elapsedMs) : docs,
  }
}
