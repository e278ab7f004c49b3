/** Point-in-time (create, list, delete) [S5][S37] and scroll continuation / clearing (managed only [S20]). */
import {parseDuration} from '../duration.js'
import {illegalArgument, searchContextMissing} from '../errors.js'
import {emptyReply, jsonReply, type Reply, type RequestContext} from '../http.js'
import {checkKeepAlive} from './search.js'

type Obj = Record<string, unknown>

const ids = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : String(v).split(','))

export function createPit(ctx: RequestContext): Reply {
  const core = ctx.core
  const now = core.now()
  const keepAliveText = ctx.query.get('keep_alive')
  if (keepAliveText === null) throw illegalArgument('[keep_alive] is required to create a point in time')
  const keepAlive = checkKeepAlive(core, keepAliveText, 'keep_alive')
  const indices = core.resolve(ctx.params.index)
  const pit = core.state.pits.create(
    indices.map((i) => ({name: i.name, mappings: i.mappings, docs: i.searchableDocs(now)})),
    keepAlive,
    now,
  )
  const n = indices.length
  return jsonReply(200, {pit_id: pit.id, _shards: {total: n, successful: n, skipped: 0, failed: 0}, creation_time: pit.creationTime})
}

export function listPits(ctx: RequestContext): Reply {
  const pits = ctx.core.state.pits.all(ctx.core.now())
  return jsonReply(200, {pits: pits.map((p) => ({pit_id: p.id, creation_time: p.creationTime, keep_alive: p.keepAliveMs}))})
}

export function deletePits(ctx: RequestContext): Reply {
  const store = ctx.core.state.pits
  const all = ctx.rawPath.endsWith('/_all')
  const wanted = all ? store.all(ctx.core.now()).map((p) => p.id) : ids((ctx.json<Obj>() ?? {}).pit_id)
  if (!all && wanted.length === 0) throw illegalArgument('Validation Failed: 1: No pit ids specified;')
  return jsonReply(200, {pits: wanted.map((id) => ({successful: store.delete(id), pit_id: id}))})
}

export function continueScroll(ctx: RequestContext): Reply {
  if (ctx.core.serverless) return emptyReply(404)
  const body = ctx.json<Obj>() ?? {}
  const id = String(ctx.params.id ?? body.scroll_id ?? ctx.query.get('scroll_id') ?? '')
  if (id === '') throw illegalArgument('Validation Failed: 1: scrollId is missing;')
  const now = ctx.core.now()
  const scroll = ctx.core.state.scrolls.get(id, now)
  if (scroll === undefined) throw searchContextMissing(id.slice(0, 16))
  const keepAlive = body.scroll ?? ctx.query.get('scroll')
  if (keepAlive !== undefined && keepAlive !== null) {
    scroll.keepAliveMs = parseDuration(keepAlive, 'scroll')
  }
  scroll.expiresAt = now + scroll.keepAliveMs
  const text = scroll.render(scroll.position, scroll.id)
  scroll.position += scroll.size
  return {status: 200, body: text}
}

export function clearScroll(ctx: RequestContext): Reply {
  if (ctx.core.serverless) return emptyReply(404)
  const store = ctx.core.state.scrolls
  const body = ctx.json<Obj>() ?? {}
  const wanted = ctx.params.id !== undefined ? ids(ctx.params.id) : ids(body.scroll_id)
  if (wanted.includes('_all') || ctx.rawPath.endsWith('/_all')) return jsonReply(200, {succeeded: true, num_freed: store.clear()})
  const freed = wanted.filter((id) => store.delete(id)).length
  // OpenSearch answers 404 when nothing it was asked to free existed.
  return jsonReply(freed === 0 && wanted.length > 0 ? 404 : 200, {succeeded: true, num_freed: freed})
}
