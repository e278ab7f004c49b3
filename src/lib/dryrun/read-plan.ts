/**
 * The dry run of a read (export, backup): per index its documents and bytes, the pages, slices and requests the
 * run would make, what it would not carry, and a time estimate from a measured probe — two pages per slice read
 * through the same reader the run uses, then closed. Nothing is written: a point in time is opened and deleted.
 */
import {gzipSync} from 'node:zlib'

import {getIndex} from '../cluster/get-index.js'
import {listIndices} from '../cluster/indices.js'
import type {Client} from '../connection/client.js'
import {DEFAULT_BATCH_SIZE, openReader} from '../read/reader.js'
import type {ReadStrategy} from '../read/types.js'
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

const PROBE_PAGES_PER_SLICE = 2

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
  const perSlice = new Map<number, number>()
  let probePages = 0
  let probeDocs = 0
  const sample: string[] = []
  const started = performance.now()
  // When every slice has handed over its first page: what comes after is the steady pace of the run.
  let firstRound: number | undefined
  let last = started
  try {
    for await (const page of reader) {
      const seen = (perSlice.get(page.slice) ?? 0) + 1
      perSlice.set(page.slice, seen)
      last = performance.now()
      if (firstRound === undefined && perSlice.size >= reader.slices) firstRound = last
      if (page.hits.length > 0) probePages++
      probeDocs += page.hits.length
      for (const hit of page.hits) sample.push(JSON.stringify(hit))
      if (perSlice.size >= reader.slices && [...perSlice.values()].every((n) => n >= PROBE_PAGES_PER_SLICE)) break
    }
  } finally {
    await reader.close()
  }

  const probeMs = performance.now() - started
  const docs = reader.expected ?? probeDocs
  const slices = reader.slices
  const pagesPerSlice = Math.max(1, Math.ceil(docs / slices / batchSize))
  const pages = pagesPerSlice * slices
  // The first pages carry the start-up; the later ones show the pace at which all slices together hand over pages.
  const firstMs = (firstRound ?? last) - started
  const later = [...perSlice.values()].reduce((sum, n) => sum + n, 0) - slices
  const pace = later > 0 && firstRound !== undefined ? (last - firstRound) / later : firstMs / slices
  const estimateMs = Math.round(openMs + firstMs + pace * Math.max(0, pages - slices))
  const plan: IndexPlan = {
    index,
    docs,
    ...(bytes === undefined ? {} : {bytes}),
    strategy: reader.strategy,
    slices,
    pages,
    // Pages, plus the count, and opening and closing the point in time or scroll.
    requests: pages + 3,
    estimateMs,
    probe: {pages: probePages, docs: probeDocs, ms: Math.round(probeMs)},
    notCarried: notCarried(mappings),
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
