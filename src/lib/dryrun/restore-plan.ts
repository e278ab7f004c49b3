/**
 * The dry run of a restore: the source read through once — the same pass (and for backups the same sha256 check)
 * the restore makes before writing — and cut into the `_bulk` batches the writer would send, plus what the target
 * would not carry. Nothing is written: the target is only asked whether the index exists and what it maps.
 *
 * The time estimate is honest about what it knows: reading the source is measured (this pass), writing is not
 * (a write cannot be tried without writing), so each round of `concurrency` _bulk requests is charged one
 * measured round trip to the target. The server's indexing time comes on top: the estimate is a floor.
 */
import {statSync} from 'node:fs'

import type {Client} from '../connection/client.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {DocReader} from '../restore/read-docs.js'
import {openSource, type SourceKind} from '../restore/sources.js'
import {verifySource} from '../restore/verify.js'
import type {S3Settings} from '../s3/client.js'
import {batchDocs} from '../write/bulk-batches.js'
import {type BulkDoc, withIdField} from '../write/bulk-doc.js'
import {DEFAULT_BATCH_BYTES, DEFAULT_BATCH_DOCS, DEFAULT_CONCURRENCY, type IdMode} from '../write/writer.js'
import {inspectTarget, type TargetPlan, writeFloorMs} from './write-target.js'

export interface RestorePlanOptions {
  source: string
  index: string
  sourceIndex?: string
  createIndex?: boolean
  idMode?: IdMode
  idField?: string
  batchBytes?: number
  batchDocs?: number
  concurrency?: number
  skipVerify?: boolean
  s3?: S3Settings
  stdin?: NodeJS.ReadableStream
}

export interface BulkPlan {
  requests: number
  docs: number
  /** Bytes of every `_bulk` body together. */
  bytes: number
  batchBytes: number
  batchDocs: number
  concurrency: number
}

export interface RestorePlan {
  source: {
    name: string
    kind: SourceKind
    docs: number
    /** Bytes as stored: the file's size, or the sum of the backup's chunks (gzip). */
    storedBytes?: number
    /** Backups in an incremental chain, the full one first (1 for a plain backup). */
    links?: number
    /** Documents the manifest promises, when it differs from what was read. */
    manifestDocs?: number
  }
  bulk: BulkPlan
  target: TargetPlan
  notCarried: string[]
  estimateMs: number
  /** What the estimate rests on, in words. */
  estimateBasis: string
}

export async function planRestore(client: Client, settings: ConnectionSettings, options: RestorePlanOptions): Promise<RestorePlan> {
  const source = await openSource(options.source, {sourceIndex: options.sourceIndex, s3: options.s3, stdin: options.stdin})
  try {
    const target = await inspectTarget(client, settings, options.index, {
      createIndex: options.createIndex,
      idMode: options.idMode,
      idField: options.idField,
      sourceMappings: source.entry?.mappings,
      sourceSettings: source.entry?.settings,
    })
    const notCarried = [...target.notCarried]
    if (options.createIndex && !source.entry) notCarried.unshift('--create-index needs a backup (its manifest holds the mappings): this source is a data file, so the restore would stop')

    // The restore reads a file or backup twice (a check, then the write) and stdin once, while writing.
    const started = performance.now()
    if (!options.skipVerify && source.kind === 'backup') await verifySource(source)
    const limits = {maxBytes: options.batchBytes ?? DEFAULT_BATCH_BYTES, maxDocs: options.batchDocs ?? DEFAULT_BATCH_DOCS}
    const bulk: BulkPlan = {requests: 0, docs: 0, bytes: 0, batchBytes: limits.maxBytes, batchDocs: limits.maxDocs, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY}
    const dropIds = target.ids === 'dropped'
    // Links are written one after the other, so a batch never spans two.
    for (const parts of source.links ?? [source.parts]) {
      const reader = new DocReader(parts, {verified: !options.skipVerify})
      for await (const batch of batchDocs(asSent(reader.docs(), options.idField, dropIds), limits)) {
        bulk.requests++
        bulk.docs += batch.docs.length
        bulk.bytes += batch.bytes
      }
    }

    const readMs = performance.now() - started
    const verifyMs = source.kind === 'file' && !options.skipVerify ? readMs : 0
    const writeMs = writeFloorMs(bulk.requests, bulk.concurrency, target.roundTripMs)
    const storedBytes = source.kind === 'file' && source.path ? statSync(source.path).size : source.kind === 'backup' ? source.parts.reduce((sum, part) => sum + (part.bytes ?? 0), 0) : undefined
    if (source.expectedDocs !== undefined && source.expectedDocs !== bulk.docs) notCarried.push(`the manifest promises ${source.expectedDocs} documents but ${bulk.docs} were read: the restore would end incomplete`)
    return {
      source: {
        name: source.name,
        kind: source.kind,
        docs: bulk.docs,
        ...(storedBytes === undefined ? {} : {storedBytes}),
        ...(source.kind === 'backup' ? {links: source.links?.length ?? 1} : {}),
        ...(source.expectedDocs !== undefined && source.expectedDocs !== bulk.docs ? {manifestDocs: source.expectedDocs} : {}),
      },
      bulk,
      target,
      notCarried,
      estimateMs: Math.round(verifyMs + Math.max(readMs, writeMs)),
      estimateBasis: `reading the source here took ${Math.round(readMs)} ms${verifyMs ? ' (twice: the check before writing, then the write)' : ''}; each round of ${bulk.concurrency} _bulk requests is charged one round trip to the target (${target.roundTripMs} ms, median of ${target.probeRequests} HEAD ${options.index}); the server's indexing time is not measured (nothing is written), so the run takes at least this long`,
    }
  } finally {
    source.close()
  }
}

/** Documents as the writer would send them: with the id copied into --id-field, without ids when they are dropped. */
async function* asSent(docs: AsyncIterable<BulkDoc>, idField: string | undefined, dropIds: boolean): AsyncGenerator<BulkDoc> {
  for await (const doc of docs) {
    const sent = idField ? withIdField(doc, idField) : doc
    yield dropIds ? {...sent, id: undefined} : sent
  }
}
