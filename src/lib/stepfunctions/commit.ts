/**
 * The Commit step: every slice of every index must have completed, and the documents the slices stored must add
 * up to the count under the index's point in time — the completeness rule of `aoss export`. Only then is each
 * index's one `manifest.json` written (chunks in slice order, the same format as `aoss backup`), after which the
 * PITs are closed and the slice checkpoints deleted. Any shortfall is an INCOMPLETE error and no manifest.
 */
import type {ChunkEntry} from '../backup/manifest.js'
import {buildManifest} from '../backup/manifest.js'
import {manifestKey, s3Uri, sliceCheckpointKey} from '../backup/layout.js'
import type {PreparedBackup} from '../backup/setup.js'
import {AossError} from '../errors.js'
import {deletePits} from '../read/shared-pit.js'
import {deleteKeys, putJson} from '../s3/objects.js'
import {readIndexPlan, readSliceCheckpoint} from './plan-file.js'
import {requireClient} from './plan.js'
import type {CommitOutput, CommittedIndex, IndexPlanFile, PlanOutput} from './types.js'

interface Joined {
  plan: IndexPlanFile
  dir: string
  chunks: ChunkEntry[]
  docs: number
  pits: string[]
  finishedAt: string
}

export async function commitFanOut(prepared: PreparedBackup, plan: Pick<PlanOutput, 'bucket' | 'stamp' | 'indices'>): Promise<CommitOutput> {
  const {s3} = prepared
  const joined: Joined[] = []
  // Everything is checked before the first manifest is written: a run is committed whole or not at all.
  for (const entry of plan.indices) joined.push(await joinSlices(prepared, plan.bucket, entry.dir))

  const indices: CommittedIndex[] = []
  for (const index of joined) {
    const manifest = buildManifest({
      toolVersion: index.plan.toolVersion,
      startedAt: new Date(index.plan.startedAt),
      finishedAt: new Date(index.finishedAt),
      source: index.plan.source,
      query: index.plan.query,
      strategy: index.plan.mode === 'pit' ? 'pit' : 'search-after',
      index: {name: index.plan.meta.name, mappings: index.plan.meta.mappings, settings: index.plan.meta.settings, aliases: index.plan.meta.aliases, chunks: index.chunks},
    })
    const key = manifestKey(index.dir)
    await putJson(s3, plan.bucket, key, manifest, {encryption: prepared.options.s3, pretty: true})
    indices.push({
      index: index.plan.meta.name,
      docs: index.docs,
      expected: index.plan.expected,
      bytes: index.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
      slices: index.plan.slices,
      chunks: index.chunks.length,
      manifest: s3Uri(plan.bucket, key),
    })
  }

  // Committed: what remains is housekeeping, and none of it may undo the commit.
  const client = requireClient(prepared)
  await deletePits(client, joined.flatMap((index) => index.pits))
  for (const index of joined) {
    await deleteKeys(s3, plan.bucket, Array.from({length: index.plan.slices}, (_, slice) => sliceCheckpointKey(index.dir, slice))).catch(() => {})
  }

  return {
    status: 'complete',
    bucket: plan.bucket,
    stamp: plan.stamp,
    docs: indices.reduce((sum, entry) => sum + entry.docs, 0),
    slices: indices.reduce((sum, entry) => sum + entry.slices, 0),
    indices,
    manifests: indices.map((entry) => entry.manifest),
  }
}

async function joinSlices(prepared: PreparedBackup, bucket: string, dir: string): Promise<Joined> {
  const plan = await readIndexPlan(prepared.s3, bucket, dir)
  const name = plan.meta.name
  const chunks: ChunkEntry[] = []
  const pits = plan.pit ? [plan.pit] : []
  let finishedAt = plan.startedAt
  for (let slice = 0; slice < plan.slices; slice++) {
    const checkpoint = await readSliceCheckpoint(prepared.s3, bucket, dir, slice)
    const entry = checkpoint?.backup.indices[0]
    if (checkpoint?.pit) pits.push(checkpoint.pit)
    if (!entry || entry.status !== 'done') {
      throw new AossError('INCOMPLETE', `${name}: slice ${slice} of ${plan.slices} did not complete`, {
        details: {index: name, slice},
        hints: ['No manifest was written. Run the state machine again.'],
      })
    }

    const docs = entry.chunks.reduce((sum, chunk) => sum + chunk.docs, 0)
    if (docs !== plan.counts[slice]) {
      throw new AossError('INCOMPLETE', `${name}: slice ${slice} stored ${docs} documents but held ${plan.counts[slice]} under the point in time`, {
        details: {index: name, slice, docs, expected: plan.counts[slice]},
        hints: ['No manifest was written. Documents written or deleted while the point in time was reopened can cause this; run the state machine again.'],
      })
    }

    chunks.push(...entry.chunks)
    if (entry.finishedAt && entry.finishedAt > finishedAt) finishedAt = entry.finishedAt
  }

  const docs = chunks.reduce((sum, chunk) => sum + chunk.docs, 0)
  if (docs !== plan.expected) {
    throw new AossError('INCOMPLETE', `${name}: the slices stored ${docs} documents but the index held ${plan.expected} under the point in time`, {
      details: {index: name, docs, expected: plan.expected},
      hints: ['No manifest was written. Run the state machine again.'],
    })
  }

  return {plan, dir, chunks, docs, pits, finishedAt}
}
