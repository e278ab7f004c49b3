/** Single-document routes: index (PUT/POST with id, POST auto id), _create, _update, GET/HEAD, _source, DELETE, _mget. */
import {illegalArgument, osError, OpenSearchError, parsingError} from '../errors.js'
import {emptyReply, jsonReply, type Reply, type RequestContext} from '../http.js'
import {filterSource, parseSourceFilter} from '../search/source-filter.js'
import type {StoredDoc} from '../types.js'
import {deleteDoc, indexDoc, updateDoc} from '../writes.js'
import {refreshParam} from './params.js'

type Obj = Record<string, unknown>

function docBody(ctx: RequestContext): {source: Obj; text: string} {
  const text = ctx.text()
  const source = ctx.json<Obj>()
  if (source === undefined || source === null || typeof source !== 'object' || Array.isArray(source)) {
    throw parsingError('request body is required')
  }
  // OpenSearch keeps `_source` byte for byte as sent.
  return {source, text: text.trim()}
}

export function putDoc(ctx: RequestContext): Reply {
  const {source, text} = docBody(ctx)
  const opType = ctx.query.get('op_type') === 'create' ? 'create' : 'index'
  const result = indexDoc(ctx.core, ctx.params.index!, ctx.params.id, source, text, opType, refreshParam(ctx))
  return jsonReply(result.status, result.body)
}

export function postDoc(ctx: RequestContext): Reply {
  const {source, text} = docBody(ctx)
  const result = indexDoc(ctx.core, ctx.params.index!, undefined, source, text, 'index', refreshParam(ctx))
  return jsonReply(result.status, result.body)
}

export function createDoc(ctx: RequestContext): Reply {
  const {source, text} = docBody(ctx)
  const result = indexDoc(ctx.core, ctx.params.index!, ctx.params.id, source, text, 'create', refreshParam(ctx))
  return jsonReply(result.status, result.body)
}

export function updateDocRoute(ctx: RequestContext): Reply {
  const result = updateDoc(ctx.core, ctx.params.index!, ctx.params.id!, ctx.json<Obj>() ?? {}, refreshParam(ctx))
  return jsonReply(result.status, result.body)
}

export function deleteDocRoute(ctx: RequestContext): Reply {
  const result = deleteDoc(ctx.core, ctx.params.index!, ctx.params.id!, refreshParam(ctx))
  return jsonReply(result.status, result.body)
}

/** GET is realtime in OpenSearch: it sees writes that search can't yet. */
function lookup(ctx: RequestContext, indexName: string, id: string): {indexName: string; doc: StoredDoc | undefined} {
  const index = ctx.core.resolve(indexName)
  if (index.length !== 1) throw illegalArgument(`alias [${indexName}] has more than one index associated with it, can't execute a single index op`)
  return {indexName: index[0]!.name, doc: index[0]!.docs.get(id)}
}

function foundJson(doc: StoredDoc, sourceText: string | undefined): string {
  const head = `{"_index":${JSON.stringify(doc.index)},"_id":${JSON.stringify(doc.id)},"_version":${doc.version},"_seq_no":${doc.seqNo},"_primary_term":1,"found":true`
  return head + (sourceText === undefined ? '}' : `,"_source":${sourceText}}`)
}

function sourceText(doc: StoredDoc, ctx: RequestContext, bodySpec?: unknown): string | undefined {
  const filter = parseSourceFilter(bodySpec, ctx.query)
  if (filter === undefined) return doc.sourceJson
  return filter.enabled ? filterSource(doc.source, filter) : undefined
}

export function getDoc(ctx: RequestContext): Reply {
  const {indexName, doc} = lookup(ctx, ctx.params.index!, ctx.params.id!)
  if (doc === undefined) return jsonReply(404, {_index: indexName, _id: ctx.params.id, found: false})
  return {status: 200, body: foundJson(doc, sourceText(doc, ctx))}
}

export function headDoc(ctx: RequestContext): Reply {
  return emptyReply(lookup(ctx, ctx.params.index!, ctx.params.id!).doc === undefined ? 404 : 200)
}

export function getSource(ctx: RequestContext): Reply {
  const {indexName, doc} = lookup(ctx, ctx.params.index!, ctx.params.id!)
  if (doc === undefined) throw osError(404, 'resource_not_found_exception', `Document not found [${indexName}]/[${ctx.params.id}]`)
  return {status: 200, body: sourceText(doc, ctx) ?? '{}'}
}

export function mget(ctx: RequestContext): Reply {
  const body = ctx.json<Obj>() ?? {}
  const pathIndex = ctx.params.index
  const specs: Obj[] = Array.isArray(body.docs) ? (body.docs as Obj[]) : Array.isArray(body.ids) ? body.ids.map((id) => ({_id: id})) : []
  if (specs.length === 0) throw osError(400, 'action_request_validation_exception', 'Validation Failed: 1: no documents to get;')
  const docs = specs.map((spec) => {
    const indexName = String(spec._index ?? pathIndex ?? '')
    const id = String(spec._id)
    try {
      if (indexName === '') throw osError(400, 'action_request_validation_exception', 'Validation Failed: 1: index is missing;')
      const {indexName: name, doc} = lookup(ctx, indexName, id)
      if (doc === undefined) return JSON.stringify({_index: name, _id: id, found: false})
      return foundJson(doc, sourceText(doc, ctx, spec._source))
    } catch (error) {
      if (!(error instanceof OpenSearchError)) throw error
      return JSON.stringify({_index: indexName, _id: id, error: (error.toBody() as {error: unknown}).error})
    }
  })
  return {status: 200, body: `{"docs":[${docs.join(',')}]}`}
}
