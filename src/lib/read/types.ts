/**
 * Shapes shared by export, backup and restore. One definition each.
 */

/** One document as exported: the NDJSON line format elasticdump also writes and reads. */
export interface Hit {
  _index: string
  _id: string
  _source: Record<string, unknown>
}

/** `hit`: {"_index","_id","_source"} per line (default); `source`: the bare `_source`. */
export type LineFormat = 'hit' | 'source'

/** How pages are fetched: point in time + search_after, scroll (managed only), or search_after without a PIT. */
export type ReadStrategy = 'pit' | 'scroll' | 'search-after'

export interface ReadOptions {
  /** An index name, comma list or wildcard pattern. */
  index: string
  /** The `query` clause of a search body; match_all when absent. */
  query?: Record<string, unknown>
  /** `_source` includes; the whole source when absent. */
  fields?: string[]
  /** User sort, e.g. ['price:desc', 'sku']; a unique tiebreaker is always appended. */
  sort?: string[]
  /** A unique field to break sort ties; default `_shard_doc` where the server has it, else `_id`. */
  tiebreaker?: string
  /** Hits per page (default 1,000). */
  batchSize?: number
  /** Parallel PIT slices (default 1); with `adaptive`, the most that read at once (--max-slices). */
  slices?: number
  /**
   * --slices auto: the snapshot is cut into `slices` slices, and an AIMD limit (flow/aimd.ts) decides how many of
   * them read at once — two at first, more while throughput rises, fewer on throttling or rising latency.
   */
  adaptive?: boolean
  strategy?: ReadStrategy | 'auto'
  /** Stop after this many documents. */
  maxDocs?: number
  /** PIT or scroll keep-alive, e.g. '5m'. */
  keepAlive?: string
  signal?: AbortSignal
  /** The settings already say Serverless (host or --service): the reader skips asking the server what it is. */
  serverless?: boolean
  /** Continue after these positions (from a checkpoint). */
  resume?: ReadCheckpoint
}

/** Where one slice stands: the sort values of its last written hit. */
export interface SliceCursor {
  id: number
  after?: unknown[]
  docs: number
  done: boolean
}

export interface ReadCheckpoint {
  strategy: ReadStrategy
  slices: SliceCursor[]
}

/** A page of hits from one slice, in sort order; `after` is the resume point once the page is written. */
export interface Page {
  slice: number
  hits: Hit[]
  after?: unknown[]
  /** True on the slice's last page (which may be empty): the slice's cursor is then `done`. */
  done?: boolean
}
