/**
 * How many slices each index gets: the one pure rule behind both the Plan step and `aoss backup --plan`, so the
 * preview a user sizes `MaxConcurrency` from is the plan the state machine makes.
 *
 * An index is cut into enough slices that none holds more than `sliceDocs` documents or `sliceBytes` stored
 * bytes, at most `maxSlices`; an index without a point in time is one item.
 */
import {parseByteSize} from '../byte-size.js'
import {usageError} from '../errors.js'
import {pickSetting, type SettingSources} from '../io/setting-sources.js'
import type {FanOutJob} from './types.js'

export interface SliceKnobs {
  maxSlices: number
  sliceDocs: number
  sliceBytes: number
  maxConcurrency: number
}

/** OpenSearch's default `index.max_slices_per_pit` is 1,024. */
export const MAX_SLICES_LIMIT = 1024

export const FANOUT_DEFAULTS: SliceKnobs = {
  maxSlices: 16,
  /** About 8 Lambda minutes at the ~2,000 docs/s one slice reaches (README: scale model). */
  sliceDocs: 1_000_000,
  sliceBytes: 2 * 1024 ** 3,
  maxConcurrency: 16,
}

export interface IndexSize {
  index: string
  docs: number
  bytes?: number
  /** False when the server has no point in time: the index cannot be sliced. */
  sliceable: boolean
}

export interface SizedIndex extends IndexSize {
  slices: number
}

export interface FanOutSizing {
  indices: SizedIndex[]
  docs: number
  /** Work items of the Distributed Map (slices over all indices). */
  items: number
  maxConcurrency: number
}

export function slicesFor(size: IndexSize, knobs: SliceKnobs): number {
  if (!size.sliceable) return 1
  const byDocs = Math.ceil(size.docs / knobs.sliceDocs)
  const byBytes = size.bytes === undefined ? 1 : Math.ceil(size.bytes / knobs.sliceBytes)
  return Math.min(knobs.maxSlices, Math.max(1, byDocs, byBytes))
}

export function sizeFanOut(sizes: IndexSize[], knobs: SliceKnobs): FanOutSizing {
  const indices = sizes.map((size) => ({...size, slices: slicesFor(size, knobs)}))
  return {
    indices,
    docs: indices.reduce((sum, entry) => sum + entry.docs, 0),
    items: indices.reduce((sum, entry) => sum + entry.slices, 0),
    maxConcurrency: knobs.maxConcurrency,
  }
}

/** The knobs from the job, then MAX_SLICES / SLICE_DOCS / SLICE_BYTES / MAX_CONCURRENCY, then the defaults. */
export function sliceKnobs(job: Pick<FanOutJob, 'maxSlices' | 'sliceDocs' | 'sliceBytes' | 'maxConcurrency'>, sources: SettingSources): SliceKnobs {
  const knobs = {
    maxSlices: whole(job.maxSlices ?? pickSetting(sources, 'MAX_SLICES'), 'MAX_SLICES') ?? FANOUT_DEFAULTS.maxSlices,
    sliceDocs: whole(job.sliceDocs ?? pickSetting(sources, 'SLICE_DOCS'), 'SLICE_DOCS') ?? FANOUT_DEFAULTS.sliceDocs,
    sliceBytes: bytes(job.sliceBytes ?? pickSetting(sources, 'SLICE_BYTES')) ?? FANOUT_DEFAULTS.sliceBytes,
    maxConcurrency: whole(job.maxConcurrency ?? pickSetting(sources, 'MAX_CONCURRENCY'), 'MAX_CONCURRENCY') ?? FANOUT_DEFAULTS.maxConcurrency,
  }
  if (knobs.maxSlices > MAX_SLICES_LIMIT) throw usageError(`MAX_SLICES must be at most ${MAX_SLICES_LIMIT} (got ${knobs.maxSlices})`, 'OpenSearch refuses more slices per point in time than index.max_slices_per_pit (1,024 by default).')
  return knobs
}

function whole(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw usageError(`${name} must be a positive whole number (got "${value}")`)
  return n
}

function bytes(value: number | string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = typeof value === 'number' ? value : parseByteSize(value)
  if (n === undefined || !(n > 0)) throw usageError(`SLICE_BYTES must be a size such as 2GiB (got "${value}")`)
  return n
}
