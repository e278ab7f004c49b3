/** Reading back what the Plan step wrote and what the slices recorded, checked before anything is built on it. */
import type {S3Client} from '@aws-sdk/client-s3'

import {planKey, sliceCheckpointKey} from '../backup/layout.js'
import {AossError} from '../errors.js'
import {getJson} from '../s3/objects.js'
import {type IndexPlanFile, PLAN_KIND, SLICE_KIND, type SliceCheckpoint} from './types.js'

export async function readIndexPlan(s3: S3Client, bucket: string, dir: string): Promise<IndexPlanFile> {
  const key = planKey(dir)
  const plan = await getJson<IndexPlanFile>(s3, bucket, key)
  if (!plan) throw new AossError('NOT_FOUND', `no plan at s3://${bucket}/${key}`, {hints: ['The Plan step writes it; a slice or commit cannot run without it.']})
  if (plan.kind !== PLAN_KIND || plan.version !== 1 || !Array.isArray(plan.counts) || plan.counts.length !== plan.slices) {
    throw new AossError('USAGE', `s3://${bucket}/${key} is not an aoss fan-out plan`, {details: {bucket, key}})
  }

  return plan
}

/** A slice's checkpoint, or undefined before its first invocation stored one. */
export async function readSliceCheckpoint(s3: S3Client, bucket: string, dir: string, slice: number): Promise<SliceCheckpoint | undefined> {
  const key = sliceCheckpointKey(dir, slice)
  const checkpoint = await getJson<SliceCheckpoint>(s3, bucket, key)
  if (checkpoint === undefined) return undefined
  if (checkpoint.kind !== SLICE_KIND || checkpoint.version !== 1 || checkpoint.slice !== slice || checkpoint.backup?.indices?.length !== 1 || checkpoint.backup.indices[0]!.dir !== dir) {
    throw new AossError('USAGE', `s3://${bucket}/${key} is not the checkpoint of slice ${slice} of ${dir}`, {details: {bucket, key}})
  }

  return checkpoint
}
