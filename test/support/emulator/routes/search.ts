/** `_search` (plain, with PIT, or opening a scroll) and `_count`. */
import type {EmulatorCore} from '../core.js'
import {parseDuration} from '../duration.js'
import {illegalArgument, osError, searchContextMissing} from '../errors.js'
import {emptyReply, type Reply, type RequestContext} from '../http.js'
import type {IndexState} from '../index-state.js'
import {emptyMappings} from '../mappings.js'
import type {Pit} from '../pit.js'
import {compileQuery} from '../query/compile.js'
import {QueryContext} from '../query/context.js'
import {DEFAULT_WINDOW, prepareSearch, renderPage, searchBody} from '../search/execute.js'
import {validateSlice, type DocSet} from '../search/rank.js'

type Obj = Record<string, unknown>

export function indexDocSet(core: EmulatorCore, indices: IndexState[]): DocSet {
  const now = core.now()
  const docs = indices.length === 1 ? indices[0]!.searchableDocs(now) : indices.flatMap((i) => i.searchableDocs(now))
  const byName = new Map(indices.map((i) => [i.name, i]))
  return {
    key: 'idx:' + indices.map((i) => `${i.name}/${i.uuid}@${i.generation}`).join(','),
    docs,
    indexNames: indices.map((i) => i.name),
    mappingsOf: (name) => byName.get(name)?.mappings ?? emptyMappings(),
  }
}

function pitDocSet(pit: Pit): DocSet {
  return {key: 'pit:' + pit.id, docs: pit.docs, indexNames: pit.indexNames, mappingsOf: (name) => pit.mappings.get(name) ?? emptyMappings()}
}

function windowOf(indices: IndexState[]): number {
  return Math.min(DEFAULT_WINDOW * 1000, ...indices.map((i) => Number(i.settings['index.max_result_window'] ?? DEFAULT_WINDOW)))
}

/** `_shard_doc` only exists from OpenSearch 3.3 [S33]; AOSS runs 2.x. */
function shardDocAllowed(core: EmulatorCore): boolean {
  if (core.serverless) return false
  const [major, minor] = core.opts.version.split('.').map(Number)
  return major! > 3 || (major === 3 && minor! >= 3)
}

export function checkKeepAlive(core: EmulatorCore, value: unknown, setting: string): number {
  const ms = parseDuration(value, setting)
  const max = core.opts.pitKeepAliveMaxMs
  if (ms > max) {
    throw illegalArgument(`Keep alive for request (${String(value)}) is too large. It must be less than (${max / 1000}s). This limit can be set by changing the [point_in_time.max_keep_alive] cluster level setting.`)
  }
  return ms
}

export function livePit(core: EmulatorCore, id: unknown, now: number): Pit {
  if (typeof id !== 'string' || id === '') throw illegalArgument('[pit] id is required')
  const pit = core.state.pits.get(id, now)
  if (pit === undefined) throw searchContextMissing(id.slice(0, 16))
  return pit
}

export function search(ctx: RequestContext): Reply {
  const started = Date.now()
  const core = ctx.core
  const now = core.now()
  const scrollParam = ctx.query.get('scroll')
  // AOSS has no scroll [S20][S21]: the gateway answers 404.
  if (scrollParam !== null && core.serverless) return emptyReply(404)
  const body = searchBody(ctx.json<Obj>(), ctx.query)
  const took = () => Date.now() - started

  if (body.pit !== undefined) {
    if (ctx.params.index !== undefined) {
      throw osError(400, 'action_request_validation_exception', 'Validation Failed: 1: [indices] cannot be used with point in time. Do not specify any index with point in time.;')
    }
    if (scrollParam !== null) throw illegalArgument('using [point in time] is not allowed in a scroll context')
    const spec = body.pit as Obj
    const pit = livePit(core, spec.id, now)
    const keepAlive = spec.keep_alive === undefined ? undefined : checkKeepAlive(core, spec.keep_alive, 'keep_alive')
    core.state.pits.touch(pit, keepAlive, now)
    const indices = pit.indexNames.map((n) => core.state.indices.get(n)).filter((i): i is IndexState => i !== undefined)
    const prepared = prepareSearch(pitDocSet(pit), body, ctx.query, core.rankCache, {
      now,
      window: windowOf(indices),
      shardDocAllowed: shardDocAllowed(core),
      scroll: false,
      slice: validateSlice(body.slice),
    })
    return {status: 200, body: renderPage(prepared, took(), `"pit_id":${JSON.stringify(pit.id)},`)}
  }

  const indices = core.resolve(ctx.params.index, {ignoreUnavailable: ctx.flag('ignore_unavailable')})
  if (body.slice !== undefined && scrollParam === null) throw illegalArgument('[slice] can only be used with [scroll] or [point-in-time] requests')
  const prepared = prepareSearch(indexDocSet(core, indices), body, ctx.query, core.rankCache, {
    now,
    window: windowOf(indices),
    shardDocAllowed: shardDocAllowed(core),
    scroll: scrollParam !== null,
    slice: validateSlice(body.slice),
  })
  if (scrollParam === null) return {status: 200, body: renderPage(prepared, took())}

  // A scroll counts its hits exactly: elasticdump stops when it has read hits.total (stack-notes).
  const render = {...prepared.render, trackTotal: true}
  const scroll = core.state.scrolls.create(
    {
      ranked: prepared.ranked,
      render: (start, id) => renderPage({ranked: prepared.ranked, render, start, size: prepared.size}, 1, `"_scroll_id":${JSON.stringify(id)},`),
      position: prepared.size,
      size: prepared.size,
      keepAliveMs: parseDuration(scrollParam, 'scroll'),
    },
    now,
  )
  return {status: 200, body: renderPage({...prepared, render}, took(), `"_scroll_id":${JSON.stringify(scroll.id)},`)}
}

export function count(ctx: RequestContext): Reply {
  const core = ctx.core
  const body = searchBody(ctx.json<Obj>(), ctx.query)
  const indices = core.resolve(ctx.params.index, {ignoreUnavailable: ctx.flag('ignore_unavailable')})
  const set = indexDocSet(core, indices)
  const matcher = compileQuery(body.query, new QueryContext(set.mappingsOf, set.docs, core.now()))
  let n = 0
  for (const doc of set.docs) if (matcher(doc) !== undefined) n++
  const shards = indices.length
  return {status: 200, body: `{"count":${n},"_shards":{"total":${shards},"successful":${shards},"skipped":0,"failed":0}}`}
}
