/**
 * The dry run of a copy: the read plan of the source (the same probe as export's) and the target inspected with
 * reads only (exists, settings its flavour refuses, ids it refuses, mapping differences). Reading and writing
 * overlap in a copy, so the estimate is the slower of the two: the read from its probe, the write as one measured
 * round trip to the target per round of `concurrency` _bulk requests (a floor: indexing time is not measured).
 */
import {getIndex} from '../cluster/get-index.js'
import type {CopySide} from '../copy/run.js'
import {DEFAULT_BATCH_BYTES, DEFAULT_BATCH_DOCS, DEFAULT_CONCURRENCY, type IdMode} from '../write/writer.js'
import {planRead, type ReadPlan} from './read-plan.js'
import type {BulkPlan} from './restore-plan.js'
import {inspectTarget, type TargetPlan, writeFloorMs} from './write-target.js'

export interface CopyPlanOptions {
  index: string
  toIndex?: string
  query?: Record<string, unknown>
  batchSize?: number
  slices?: number
  keepAlive?: string
  createIndex?: boolean
  idMode?: IdMode
  idField?: string
  batchBytes?: number
  batchDocs?: number
  concurrency?: number
}

export interface CopyPlan {
  read: ReadPlan
  bulk: BulkPlan
  target: TargetPlan
  estimateMs: number
  estimateBasis: string
}

export async function planCopy(source: CopySide, target: CopySide, options: CopyPlanOptions): Promise<CopyPlan> {
  const [definition] = await getIndex(source.client, options.index)
  const read = await planRead(source.client, {index: options.index, query: options.query, batchSize: options.batchSize, slices: options.slices, keepAlive: options.keepAlive})
  const toIndex = options.toIndex ?? options.index
  const inspected = await inspectTarget(target.client, target.settings, toIndex, {
    createIndex: options.createIndex,
    idMode: options.idMode,
    idField: options.idField,
    sourceMappings: definition?.mappings,
    sourceSettings: definition?.settings,
  })
  const docBytes = read.indices[0]?.docBytes ?? 0
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES
  const batchDocs = options.batchDocs ?? DEFAULT_BATCH_DOCS
  // The probe's average line stands in for every document: a count of batches, not an exact cut.
  const bytes = Math.round(docBytes * read.docs)
  const requests = read.docs === 0 ? 0 : Math.max(Math.ceil(read.docs / batchDocs), Math.ceil(bytes / batchBytes))
  const bulk: BulkPlan = {requests, docs: read.docs, bytes, batchBytes, batchDocs, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY}
  const writeMs = writeFloorMs(requests, bulk.concurrency, inspected.roundTripMs)
  return {
    read,
    bulk,
    target: inspected,
    estimateMs: Math.max(read.estimateMs, writeMs),
    estimateBasis: `the read ${read.estimateMs} ms from its probe pages; the write at least ${writeMs} ms, each round of ${bulk.concurrency} _bulk requests charged one round trip to the target (${inspected.roundTripMs} ms, median of ${inspected.probeRequests} HEAD ${toIndex}; indexing time is not measured, nothing is written); the copy reads and writes at once, so the slower of the two`,
  }
}
