/**
 * Document writes shared by the single-doc routes and `_bulk`: index/create, update, delete.
 * Each returns the item body OpenSearch sends (without `status`) or throws OpenSearchError,
 * which `_bulk` turns into a per-item error.
 */
import {randomBytes} from 'node:crypto'
import type {EmulatorCore} from './core.js'
import {illegalArgument, indexNotFound, osError, type OpenSearchError} from './errors.js'
import {takeOrd, type IndexState} from './index-state.js'
import {mapDocument} from './mappings.js'
import type {StoredDoc} from './types.js'

type Obj = Record<string, unknown>

export interface WriteResult {
  status: number
  body: Obj
}

/** 20 URL-safe base64 characters, the shape of OpenSearch's auto-generated ids. */
export const autoId = (): string => randomBytes(15).toString('base64url')

const shards = (ok: boolean) => (ok ? {total: 2, successful: 1, failed: 0} : {total: 0, successful: 0, failed: 0})

function itemBody(index: IndexState, id: string, version: number, result: string, seqNo: number): Obj {
  return {_index: index.name, _id: id, _version: version, result, _shards: shards(result !== 'noop'), _seq_no: seqNo, _primary_term: 1}
}

export function versionConflict(index: IndexState, id: string, current: number): OpenSearchError {
  return osError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [${current}])`, {
    index: index.name,
    shard: '0',
    index_uuid: index.uuid,
  })
}

function checkId(id: string): void {
  const bytes = Buffer.byteLength(id)
  if (bytes > 512) {
    throw osError(400, 'action_request_validation_exception', `Validation Failed: 1: id [${id}] is too long, must be no longer than 512 bytes but was: ${bytes};`)
  }
}

/** AOSS collection-type rules [S3 overview][S25][S26][S11]. */
function checkServerlessRules(core: EmulatorCore, id: string | undefined, source: Obj): void {
  if (!core.serverless) return
  const type = core.opts.collectionType
  if (id !== undefined && type !== 'search') throw illegalArgument('Document ID is not supported in create/index operation request')
  if (type === 'timeseries' && core.opts.requireTimestamp && (source['@timestamp'] === undefined || source['@timestamp'] === null)) {
    throw osError(400, 'mapper_parsing_exception', 'Document is missing the timestamp field [@timestamp]')
  }
}

export function storeDoc(index: IndexState, id: string, source: Obj, sourceJson: string, version: number): StoredDoc {
  return {index: index.name, id, source, sourceJson, version, seqNo: index.nextSeqNo(), ord: takeOrd()}
}

export function indexDoc(
  core: EmulatorCore,
  indexName: string,
  id: string | undefined,
  source: Obj,
  sourceJson: string,
  opType: 'index' | 'create',
  refresh: boolean,
): WriteResult {
  const now = core.now()
  checkServerlessRules(core, id, source)
  if (id !== undefined) checkId(id)
  const index = core.indexForWrite(indexName, now)
  const docId = id ?? autoId()
  const existing = index.docs.get(docId)
  if (existing !== undefined && opType === 'create') throw versionConflict(index, docId, existing.version)
  mapDocument(index.mappings, source, docId)
  const doc = storeDoc(index, docId, source, sourceJson, (existing?.version ?? 0) + 1)
  index.apply(docId, doc, core.visibleAt(now, refresh), now)
  return {status: existing ? 200 : 201, body: itemBody(index, docId, doc.version, existing ? 'updated' : 'created', doc.seqNo)}
}

export function deleteDoc(core: EmulatorCore, indexName: string, id: string, refresh: boolean): WriteResult {
  const now = core.now()
  const index = core.resolve(indexName)[0]!
  if (now < index.writableAt) throw indexNotFound(index.name)
  const existing = index.docs.get(id)
  const seqNo = index.nextSeqNo()
  if (existing === undefined) return {status: 404, body: itemBody(index, id, 1, 'not_found', seqNo)}
  index.apply(id, undefined, core.visibleAt(now, refresh), now)
  return {status: 200, body: itemBody(index, id, existing.version + 1, 'deleted', seqNo)}
}

function deepMerge(target: Obj, patch: Obj): Obj {
  const out: Obj = {...target}
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key]
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object' && !Array.isArray(current)
        ? deepMerge(current as Obj, value as Obj)
        : value
  }
  return out
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export function updateDoc(core: EmulatorCore, indexName: string, id: string, body: Obj, refresh: boolean): WriteResult {
  if (body.script !== undefined) throw illegalArgument('script updates are not supported by this emulator')
  const now = core.now()
  const upsert = body.doc_as_upsert === true ? (body.doc as Obj) : (body.upsert as Obj | undefined)
  if (core.serverless && core.opts.collectionType === 'timeseries' && upsert !== undefined) {
    // Time series collections can't update by upsert, only by id (Classic) [S3 overview].
    throw illegalArgument('Upsert is not supported in time series collections')
  }
  const index = core.indexForWrite(indexName, now)
  const existing = index.docs.get(id)
  if (existing === undefined) {
    if (upsert === undefined) {
      throw osError(404, 'document_missing_exception', `[${id}]: document missing`, {index: index.name, shard: '0', index_uuid: index.uuid})
    }
    mapDocument(index.mappings, upsert, id)
    const doc = storeDoc(index, id, upsert, JSON.stringify(upsert), 1)
    index.apply(id, doc, core.visibleAt(now, refresh), now)
    return {status: 201, body: itemBody(index, id, 1, 'created', doc.seqNo)}
  }
  const merged = deepMerge(existing.source, (body.doc ?? {}) as Obj)
  if (body.detect_noop !== false && sameJson(merged, existing.source)) {
    return {status: 200, body: itemBody(index, id, existing.version, 'noop', existing.seqNo)}
  }
  mapDocument(index.mappings, merged, id)
  const doc = storeDoc(index, id, merged, JSON.stringify(merged), existing.version + 1)
  index.apply(id, doc, core.visibleAt(now, refresh), now)
  return {status: 200, body: itemBody(index, id, doc.version, 'updated', doc.seqNo)}
}
