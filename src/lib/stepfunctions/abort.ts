/**
 * The Abort step, run by the state machine's Catch after any failure: abort the multipart uploads still open
 * under the run's folders (a slice stopped at its hard timeout cannot abort its own), close every point in time
 * the run opened (the plan's and any a slice reopened), and delete what the run stored — chunks, checkpoints,
 * plans and any manifest a half-done Commit wrote — so that no folder of this run looks restorable.
 *
 * Best effort throughout, and it never throws for a missing object: the failure being handled is the one to report.
 */
import type {PreparedBackup} from '../backup/setup.js'
import {deletePits} from '../read/shared-pit.js'
import {abortUploads, deleteKeys, listKeys} from '../s3/objects.js'
import {readIndexPlan, readSliceCheckpoint} from './plan-file.js'
import type {AbortOutput, PlanOutput} from './types.js'

export async function abortFanOut(prepared: PreparedBackup, plan: Pick<PlanOutput, 'bucket' | 'indices'>, error?: AbortOutput['error']): Promise<AbortOutput> {
  const {s3} = prepared
  let uploadsAborted = 0
  let objectsDeleted = 0
  const pits: string[] = []
  for (const entry of plan.indices) {
    uploadsAborted += await abortUploads(s3, plan.bucket, entry.dir)
    const file = await readIndexPlan(s3, plan.bucket, entry.dir).catch(() => undefined)
    if (file?.pit) pits.push(file.pit)
    for (let slice = 0; slice < entry.slices; slice++) {
      const checkpoint = await readSliceCheckpoint(s3, plan.bucket, entry.dir, slice).catch(() => undefined)
      if (checkpoint?.pit) pits.push(checkpoint.pit)
    }

    const keys = await listKeys(s3, plan.bucket, entry.dir)
    await deleteKeys(s3, plan.bucket, keys)
    objectsDeleted += keys.length
  }

  if (prepared.client) await deletePits(prepared.client, pits)
  return {status: 'aborted', uploadsAborted, pitsClosed: new Set(pits).size, objectsDeleted, ...(error ? {error} : {})}
}
