/**
 * The Slice step: back up one slice of one index into its own chunk series (`part-<slice>-<n>.ndjson.gz`), through
 * the same `runBackup` as every other backup, until the run must pause (the Lambda's deadline) or the slice is
 * read. Either way its checkpoint is stored; the state machine loops a `continued` slice back here, and Commit
 * reads the `complete` ones.
 *
 * Idempotent per invocation: a retried invocation starts from the last stored checkpoint, and chunk keys are
 * numbered, so a chunk a failed attempt wrote is overwritten, never duplicated.
 */
import {CHECKPOINT_KIND, type BackupCheckpoint} from '../backup/checkpoint.js'
import {sliceCheckpointKey, sliceChunkKey} from '../backup/layout.js'
import {type BackupDeps, runBackup} from '../backup/pipeline.js'
import type {PreparedBackup} from '../backup/setup.js'
import {AossError} from '../errors.js'
import {openPitSliceReader, type PitSliceReader} from '../read/shared-pit.js'
import {putJson} from '../s3/objects.js'
import {readIndexPlan, readSliceCheckpoint} from './plan-file.js'
import {requireClient} from './plan.js'
import {SLICE_KIND, type SliceCheckpoint, type SliceOutput, type SliceState} from './types.js'

export interface SliceRun {
  /** Asked after each page; true ends this invocation with a checkpoint. */
  shouldPause: () => boolean
  signal?: AbortSignal
}

export async function runSlice(prepared: PreparedBackup, state: SliceState, run: SliceRun): Promise<SliceOutput> {
  const {item, bucket} = state
  const plan = await readIndexPlan(prepared.s3, bucket, item.dir)
  if (plan.meta.name !== item.index || item.of !== plan.slices || !(Number.isInteger(item.slice) && item.slice >= 0 && item.slice < plan.slices)) {
    throw new AossError('USAGE', `slice ${item.slice} of ${item.of} of ${item.index} is not in the plan at ${item.dir}`)
  }

  const previous = await readSliceCheckpoint(prepared.s3, bucket, item.dir, item.slice)
  const backup: BackupCheckpoint = previous?.backup ?? {
    kind: CHECKPOINT_KIND,
    version: 1,
    bucket,
    prefix: plan.prefix,
    stamp: plan.stamp,
    startedAt: plan.startedAt,
    toolVersion: plan.toolVersion,
    source: plan.source,
    ...(plan.query ? {query: plan.query} : {}),
    indices: [{meta: plan.meta, status: 'pending', dir: item.dir, chunks: []}],
  }

  let reader: PitSliceReader | undefined
  const deps: BackupDeps = {
    ...prepared.deps,
    openReader: async (options) => {
      if (plan.mode !== 'pit' || !plan.pit) return prepared.deps.openReader(options)
      reader = openPitSliceReader(requireClient(prepared), {
        index: plan.meta.name,
        query: plan.query,
        batchSize: options.batchSize,
        keepAlive: plan.keepAlive,
        signal: options.signal,
        pit: previous?.pit ?? plan.pit,
        slice: item.slice,
        of: plan.slices,
        expected: plan.counts[item.slice],
        resume: options.resume,
      })
      return reader
    },
  }

  const result = await runBackup({
    ...prepared.options,
    indices: [plan.meta.name],
    read: {...prepared.options.read, slices: 1, keepAlive: plan.keepAlive},
    toolVersion: plan.toolVersion,
    source: plan.source,
    resume: backup,
    shouldPause: run.shouldPause,
    signal: run.signal,
    cleanupOnFailure: false,
    commit: false,
    chunkKey: (dir, n) => sliceChunkKey(dir, item.slice, n),
  }, deps)

  const complete = result.status === 'complete'
  if (complete) await reader?.releaseOwnPit()
  const checkpoint: SliceCheckpoint = {
    kind: SLICE_KIND,
    version: 1,
    slice: item.slice,
    of: plan.slices,
    ...(reader ? {pit: reader.pit} : previous?.pit ? {pit: previous.pit} : {}),
    invocations: (previous?.invocations ?? 0) + 1,
    backup,
  }
  const key = sliceCheckpointKey(item.dir, item.slice)
  await putJson(prepared.s3, bucket, key, checkpoint, {encryption: prepared.options.s3})
  return {
    ...state,
    status: complete ? 'complete' : 'continued',
    checkpoint: key,
    invocation: checkpoint.invocations,
    docs: backup.indices[0]!.chunks.reduce((sum, chunk) => sum + chunk.docs, 0),
  }
}
