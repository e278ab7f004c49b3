/**
 * The plain data that travels between the steps of the backup state machine (src/lambda/backup.asl.json).
 * Step Functions caps a state's payload at 256 KiB, so what travels is small: names, slice numbers and keys.
 * Index definitions, points in time, counts and chunk lists live in S3 beside the backup (plan.json and one
 * checkpoint per slice).
 */
import type {BackupCheckpoint, BackupRunFacts} from '../backup/checkpoint.js'
import type {IndexMeta} from '../backup/index-meta.js'
import type {BackupInput} from '../backup/setup.js'

/** The execution's input: a backup job (every field may come from the environment) and the fan-out knobs. */
export interface FanOutJob extends BackupInput {
  endpoint?: string
  region?: string
  /** Most slices per index (MAX_SLICES, default 16). */
  maxSlices?: number
  /** Aim for at most this many documents per slice (SLICE_DOCS). */
  sliceDocs?: number
  /** Aim for at most this many stored bytes per slice, or a size such as 2GiB (SLICE_BYTES). */
  sliceBytes?: number | string
  /** Slices read at once by the Distributed Map (MAX_CONCURRENCY, default 16). */
  maxConcurrency?: number
  /** Stop a slice this long before its Lambda deadline (default: a quarter of the budget, at most 60 s). */
  deadlineMarginMs?: number
}

/** One work item of the Distributed Map: one slice of one index. */
export interface SliceItem {
  index: string
  /** The index's backup folder, `PREFIX/INDEX/STAMP/`. */
  dir: string
  slice: number
  /** Slices of this index. */
  of: number
}

export interface PlannedIndex {
  index: string
  dir: string
  docs: number
  bytes?: number
  slices: number
  /** `pit`: slices of one point in time; `reader`: no PIT on this server, one item reads the whole index. */
  mode: 'pit' | 'reader'
}

/** What the Plan step returns: the Map's items and what Commit and Abort need to find everything again. */
export interface PlanOutput {
  job: FanOutJob
  bucket: string
  prefix: string
  stamp: string
  maxConcurrency: number
  docs: number
  indices: PlannedIndex[]
  items: SliceItem[]
}

export const PLAN_KIND = 'aoss-fanout-plan'

/** plan.json, one per index folder: everything the slices and the Commit need that does not travel in the state. */
export interface IndexPlanFile extends BackupRunFacts {
  kind: typeof PLAN_KIND
  meta: IndexMeta
  mode: PlannedIndex['mode']
  /** The point in time every slice reads (mode pit). */
  pit?: string
  keepAlive?: string
  slices: number
  /** Documents per slice under the PIT; their sum is `expected`. */
  counts: number[]
  expected: number
}

export const SLICE_KIND = 'aoss-slice-checkpoint'

/** checkpoint-NNN.json: one slice's progress, written after every invocation (and kept, done, until Commit). */
export interface SliceCheckpoint {
  kind: typeof SLICE_KIND
  version: 1
  slice: number
  of: number
  /** The PIT this slice reads now: the shared one, or its own after the shared one expired. */
  pit?: string
  invocations: number
  backup: BackupCheckpoint
}

/** The Slice step's input (a Map item with the job) and, with status and progress, its output. */
export interface SliceState {
  task?: 'slice'
  job: FanOutJob
  bucket: string
  item: SliceItem
  /** Set once the slice has continued: the key of its checkpoint. */
  checkpoint?: string
  invocation?: number
}

export interface SliceOutput extends SliceState {
  status: 'continued' | 'complete'
  checkpoint: string
  invocation: number
  /** Documents this slice has stored so far. */
  docs: number
}

export interface CommittedIndex {
  index: string
  docs: number
  expected: number
  bytes: number
  slices: number
  chunks: number
  manifest: string
}

export interface CommitOutput {
  status: 'complete'
  bucket: string
  stamp: string
  docs: number
  slices: number
  indices: CommittedIndex[]
  /** The manifest URIs, one per index. */
  manifests: string[]
}

export interface AbortOutput {
  status: 'aborted'
  /** Multipart uploads left open by a slice that died, now aborted. */
  uploadsAborted: number
  pitsClosed: number
  objectsDeleted: number
  error?: {Error?: string, Cause?: string}
}
