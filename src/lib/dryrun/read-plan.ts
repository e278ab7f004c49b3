/**
 * The dry run of a read (export, backup): per index its documents and bytes, the pages, slices and requests the
 * run would make, what it would not carry, and a time estimate from a measured probe — the first four pages of each
 * slice read through the same reader the run uses, then closed. Nothing is written: a point in time is opened and deleted.
 */
import {gzipSync} from 'node:zlib'

import {getIndex} from '../cluster/get-index.js'
import {listIndices} from '../cluster/indices.js'
import type {Client} from '../connection/client.js'
import {DEFAULT_BATCH_SIZE, openReader} from '../read/reader.js'
import type {Page, ReadStrategy} from '../read/types.js'
import {estimateReadMs} from './read-estimate.js'
import {notCarried} from './not-carried.js'

export interface ReadPlanOptions {
  index: string
  query?: Record<string, unknown>
  batchSize?: number
  slices?: number
  strategy?: ReadStrategy | 'auto'
  keepAlive?: string
  /** Backups: gzip level, to measure the compression of the probe pages. */
  compressionLevel?: number
  /** Backups: roll over to a new object after this many stored bytes. */
  chunkBytes?: number
}

export interface IndexPlan {
  index: string
  docs: number
  bytes?: number
  strategy: ReadStrategy
  slices: number
  pages: number
  /** Search requests plus opening and closing the read context and the count. */
  requests: number
  estimateMs: number
  probe: {pages: number, docs: number, ms: number}
  /** Average NDJSON line of the probe's documents, in bytes (what a write of them would send). */
  docBytes?: number
  notCarried: string[]
  /** Backups: objects (chunks + manifest) and stored bytes the backup would write. */
  s3?: {objects: number, bytes: number, compression: number}
}

export interface ReadPlan {
  indices: IndexPlan[]
  docs: number
  requests: number
  estimateMs: number
}

/**
 * The first page of each slice arrives with the open; the second is still slow (a cold parsing path); the third
 * and fourth show the pace of the rest of the run (read-estimate.ts).
 */
const PROBE_PAGES_PER_SLICE = 4

export async function planRead(client: Client, options: ReadPlanOptions): Promise<ReadPlan> {
  const definitions = await getIndex(client, options.index)
  const rows = new Map((await listIndices(client, {pattern: options.index})).map((row) => [row.index, row]))
  const indices: IndexPlan[] = []
  for (const definition of definitions) {
    indices.push(await planIndex(client, definition.name, definition.mappings, rows.get(definition.name)?.storeBytes, options))
  }

  return {
    indices,
    docs: indices.reduce((sum, p) => sum + p.docs, 0),
    requests: indices.reduce((sum, p) => sum + p.requests, 0),
    estimateMs: indices.reduce((sum, p) => sum + p.estimateMs, 0),
  }
}

async function planIndex(client: Client, index: string, mappings: Record<string, unknown>, bytes: number | undefined, options: ReadPlanOptions): Promise<IndexPlan> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  const opened = performance.now()
  const reader = await openReader(client, {index, query: options.query, batchSize, slices: options.slices, strategy: options.strategy, keepAlive: options.keepAlive})
  const openMs = performance.now() - opened
  const arrivals = new Map<number, number[]>()
  const pages: Page[] = []
  let stopped: number | undefined
  let closeMs: number
  try {
    for await (const page of reader) {
      const times = arrivals.get(page.slice) ?? []
      times.push(performance.now())
      arrivals.set(page.slice, times)
      // Kept by reference and looked at after the probe: work done here would slow the very pace it measures.
      pages.push(page)
      if (arrivals.size >= reader.slices && [...arrivals.values()].every((t) => t.length >= PROBE_PAGES_PER_SLICE)) {
        stopped = performance.now()
        break
      }
    }
  } finally {
    // Leaving the loop already closes the reader; timed from the break, the close is what the run ends with.
    const closing = stopped ?? performance.now()
    await reader.close()
    closeMs = performance.now() - closing
  }

  const probeMs = performance.now() - opened
  const sample = pages.flatMap((page) => page.hits.map((hit) => JSON.stringify(hit)))
  const probePages = pages.filter((page) => page.hits.length > 0).length
  const docs = reader.expected ?? sample.length
  const slices = reader.slices
  const pagesPerSlice = Math.max(1, Math.ceil(docs / slices / batchSize))
  const estimateMs = Math.round(estimateReadMs({openMs, closeMs, pagesPerSlice, arrivals: [...arrivals.values()]}))
  const plan: IndexPlan = {
    index,
    docs,
    ...(bytes === undefined ? {} : {bytes}),
    strategy: reader.strategy,
    slices,
    pages: pagesPerSlice * slices,
    // Pages, plus the count, and opening and closing the point in time or scroll.
    requests: pagesPerSlice * slices + 3,
    estimateMs,
    probe: {pages: probePages, docs: sample.length, ms: Math.round(probeMs)},
    notCarried: notCarried(mappings),
    ...(sample.length > 0 ? {docBytes: Math.round(sample.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / sample.length)} : {}),
  }
  if (options.chunkBytes !== undefined && sample.length > 0) {
    const text = sample.join('\n') + '\n'
    const compression = gzipSync(text, {level: options.compressionLevel ?? 3}).length / Buffer.byteLength(text)
    const ndjsonBytes = (Buffer.byteLength(text) / sample.length) * docs
    const stored = Math.round(ndjsonBytes * compression)
    plan.s3 = {objects: Math.max(1, Math.ceil(stored / options.chunkBytes)) + 1, bytes: stored, compression: Math.round(compression * 1000) / 1000}
  }

  return plan
}
