/** The shapes of an export: what it is asked, what it tells while it runs, what it reports. */
import type {AimdReport} from '../flow/aimd.js'
import type {LineFormat, ReadOptions, ReadStrategy} from './types.js'

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
  /** With --slices auto: how many slices read at once at the end (what the limit settled on), its range, cuts. */
  adaptive?: AimdReport
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

/** The options a run reads with: a resume takes them from the checkpoint. */
export type ExportPlan = Omit<ExportOptions, 'resume' | 'force' | 'format' | 'gzip'> & {format: LineFormat, gzip: boolean}
