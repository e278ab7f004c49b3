/**
 * The Plan step: resolve the job's indices, open one point in time per index, count each slice under it, choose
 * the slices (sizing.ts), write `plan.json` into each index's backup folder and return the Map's work items.
 *
 * `previewFanOut` is the same plan without a PIT and without writes, for `aoss backup --plan`.
 */
import {backupDir, backupStamp, normalizePrefix, planKey} from '../backup/layout.js'
import type {PreparedBackup} from '../backup/setup.js'
import {listIndices} from '../cluster/indices.js'
import type {Client} from '../connection/client.js'
import {AossError} from '../errors.js'
import {describeIndices} from '../backup/index-meta.js'
import {countMatching, openSharedPit, type SharedPit, SlicingRefused} from '../read/shared-pit.js'
import {putJson} from '../s3/objects.js'
import {type FanOutSizing, type IndexSize, sizeFanOut, type SliceKnobs, slicesFor} from './sizing.js'
import {type FanOutJob, type IndexPlanFile, PLAN_KIND, type PlanOutput, type SliceItem} from './types.js'

export interface PlanContext {
  job: FanOutJob
  knobs: SliceKnobs
  toolVersion: string
  now?: Date
}

export async function planFanOut(prepared: PreparedBackup, context: PlanContext): Promise<PlanOutput> {
  const client = requireClient(prepared)
  const {options} = prepared
  const now = context.now ?? new Date()
  const stamp = backupStamp(now)
  const prefix = normalizePrefix(options.prefix)
  const metas = await prepared.deps.describeIndices(options.indices)
  const bytes = await storeBytes(client, metas.map((meta) => meta.name))
  const opened: SharedPit[] = []
  const files: IndexPlanFile[] = []
  try {
    for (const meta of metas) {
      const read = {index: meta.name, query: options.query, batchSize: options.read?.batchSize, keepAlive: options.read?.keepAlive}
      const pit = await openSharedPit(client, read)
      if (pit) opened.push(pit)
      const docs = pit ? (await pit.countSlices(1))[0]! : await countMatching(client, read)
      let slices = slicesFor({index: meta.name, docs, bytes: bytes.get(meta.name), sliceable: pit !== undefined}, context.knobs)
      let counts = [docs]
      if (pit && slices > 1) {
        try {
          counts = await pit.countSlices(slices)
        } catch (error) {
          if (!(error instanceof SlicingRefused)) throw error
          slices = 1
        }
      }

      // The slices partition the snapshot; if their counts do not add up, no backup built on them could be checked.
      const sum = counts.reduce((a, b) => a + b, 0)
      if (sum !== docs) throw new AossError('INCOMPLETE', `${meta.name}: the slices count ${sum} documents but the point in time holds ${docs}`, {details: {index: meta.name, sum, docs}})
      files.push({
        kind: PLAN_KIND,
        version: 1,
        bucket: options.bucket,
        prefix,
        stamp,
        startedAt: now.toISOString(),
        toolVersion: context.toolVersion,
        source: prepared.source,
        ...(options.query ? {query: options.query} : {}),
        meta,
        mode: pit ? 'pit' : 'reader',
        ...(pit ? {pit: pit.id, keepAlive: read.keepAlive} : {}),
        slices,
        counts,
        expected: docs,
      })
    }

    for (const file of files) await putJson(prepared.s3, options.bucket, planKey(backupDir(prefix, file.meta.name, stamp)), file, {encryption: options.s3})
  } catch (error) {
    for (const pit of opened) await pit.close()
    throw error
  }

  const indices = files.map((file) => ({
    index: file.meta.name,
    dir: backupDir(prefix, file.meta.name, stamp),
    docs: file.expected,
    ...(bytes.has(file.meta.name) ? {bytes: bytes.get(file.meta.name)} : {}),
    slices: file.slices,
    mode: file.mode,
  }))
  const items: SliceItem[] = indices.flatMap((entry) => Array.from({length: entry.slices}, (_, slice) => ({index: entry.index, dir: entry.dir, slice, of: entry.slices})))
  return {
    job: context.job,
    bucket: options.bucket,
    prefix,
    stamp,
    maxConcurrency: context.knobs.maxConcurrency,
    docs: indices.reduce((sum, entry) => sum + entry.docs, 0),
    indices,
    items,
  }
}

/** What the Plan step would choose, from a count without a snapshot; opens nothing and writes nothing. */
export async function previewFanOut(client: Client, targets: string[], query: Record<string, unknown> | undefined, knobs: SliceKnobs): Promise<FanOutSizing> {
  const metas = await describeIndices(client, targets)
  const bytes = await storeBytes(client, metas.map((meta) => meta.name))
  const sizes: IndexSize[] = []
  for (const meta of metas) {
    sizes.push({index: meta.name, docs: await countMatching(client, {index: meta.name, query}), bytes: bytes.get(meta.name), sliceable: true})
  }

  return sizeFanOut(sizes, knobs)
}

/** Stored bytes per index, where the server reports them (AOSS may leave the column empty). */
async function storeBytes(client: Client, names: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>()
  if (names.length === 0) return sizes
  for (const row of await listIndices(client, {pattern: names.join(',')})) {
    if (row.storeBytes !== undefined) sizes.set(row.index, row.storeBytes)
  }

  return sizes
}

export function requireClient(prepared: PreparedBackup): Client {
  if (!prepared.client) throw new AossError('UNEXPECTED', 'the fanned-out backup needs an OpenSearch client, and the setup has none')
  return prepared.client
}
