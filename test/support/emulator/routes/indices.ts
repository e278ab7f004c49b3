/** Index management: create, delete, exists, get, mappings, settings, aliases, refresh. */
import {flattenSettings} from '../core.js'
import {illegalArgument, indexNotFound, osError} from '../errors.js'
import {emptyReply, jsonReply, type Reply, type RequestContext} from '../http.js'
import type {IndexState} from '../index-state.js'
import {mergeMappings} from '../mappings.js'

type Obj = Record<string, unknown>

export function createIndex(ctx: RequestContext): Reply {
  const name = ctx.params.index!
  ctx.core.createIndex(name, ctx.json<Obj>() ?? {})
  return jsonReply(200, {acknowledged: true, shards_acknowledged: true, index: name})
}

export function deleteIndex(ctx: RequestContext): Reply {
  const expr = ctx.params.index!
  // Deleting through an alias is refused, as in OpenSearch.
  for (const part of expr.split(',')) {
    if (!part.includes('*') && part !== '_all' && !ctx.core.state.indices.has(part)) {
      if (ctx.core.aliasTargets(part).length > 0) {
        throw illegalArgument(`The provided expression [${part}] matches an alias, specify the corresponding concrete indices instead.`)
      }
      if (!ctx.flag('ignore_unavailable')) throw indexNotFound(part)
    }
  }
  for (const index of ctx.core.resolve(expr, {ignoreUnavailable: true})) ctx.core.state.indices.delete(index.name)
  return jsonReply(200, {acknowledged: true})
}

export function indexExists(ctx: RequestContext): Reply {
  try {
    return emptyReply(ctx.core.resolve(ctx.params.index).length > 0 ? 200 : 404)
  } catch {
    return emptyReply(404)
  }
}

/** Settings rendered nested with string values, as GET _settings shows them. */
function settingsJson(core: RequestContext['core'], index: IndexState): Obj {
  const flat: Record<string, string> = {
    ...index.settings,
    'index.uuid': index.uuid,
    'index.provided_name': index.name,
    'index.creation_date': String(index.creationDate),
    'index.version.created': core.serverless ? '136367827' : '136387827',
  }
  const nested: Obj = {}
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.')
    let node = nested
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Obj
    node[parts.at(-1)!] = value
  }
  return nested
}

const aliasesJson = (index: IndexState): Obj => Object.fromEntries(index.aliases)

export function getIndex(ctx: RequestContext): Reply {
  const out: Obj = {}
  for (const index of ctx.core.resolve(ctx.params.index)) {
    out[index.name] = {aliases: aliasesJson(index), mappings: index.mappings, settings: settingsJson(ctx.core, index)}
  }
  return jsonReply(200, out)
}

export function getMapping(ctx: RequestContext): Reply {
  const out: Obj = {}
  for (const index of ctx.core.resolve(ctx.params.index)) out[index.name] = {mappings: index.mappings}
  return jsonReply(200, out)
}

export function putMapping(ctx: RequestContext): Reply {
  const body = ctx.json<Obj>() ?? {}
  for (const index of ctx.core.resolve(ctx.params.index)) mergeMappings(index.mappings, body)
  return jsonReply(200, {acknowledged: true})
}

export function getSettings(ctx: RequestContext): Reply {
  const out: Obj = {}
  for (const index of ctx.core.resolve(ctx.params.index)) out[index.name] = {settings: settingsJson(ctx.core, index)}
  return jsonReply(200, out)
}

export function putSettings(ctx: RequestContext): Reply {
  const settings = flattenSettings(ctx.json<Obj>() ?? {})
  if ('index.number_of_shards' in settings) {
    throw illegalArgument('Can\'t update non dynamic settings [[index.number_of_shards]] for open indices')
  }
  for (const index of ctx.core.resolve(ctx.params.index)) Object.assign(index.settings, settings)
  return jsonReply(200, {acknowledged: true})
}

export function getAliases(ctx: RequestContext): Reply {
  const wanted = ctx.params.name?.split(',')
  const out: Obj = {}
  for (const index of ctx.core.resolve(ctx.params.index)) {
    const aliases = Object.fromEntries([...index.aliases].filter(([a]) => wanted === undefined || wanted.includes(a)))
    if (wanted === undefined || Object.keys(aliases).length > 0) out[index.name] = {aliases}
  }
  if (wanted !== undefined && Object.keys(out).length === 0) {
    return jsonReply(404, {error: `alias [${wanted.join(',')}] missing`, status: 404})
  }
  return jsonReply(200, out)
}

export function updateAliases(ctx: RequestContext): Reply {
  const actions = ((ctx.json<Obj>() ?? {}).actions ?? []) as Obj[]
  if (!Array.isArray(actions) || actions.length === 0) throw osError(400, 'action_request_validation_exception', 'Validation Failed: 1: no aliases actions specified;')
  for (const item of actions) {
    const [kind, spec] = Object.entries(item)[0] as [string, Obj]
    const indexNames = (spec.indices ?? [spec.index]) as string[]
    const aliasNames = (spec.aliases ?? [spec.alias]) as string[]
    for (const index of ctx.core.resolve(indexNames.join(','))) {
      if (kind === 'remove_index') {
        ctx.core.state.indices.delete(index.name)
        continue
      }
      for (const alias of aliasNames) {
        if (kind === 'add') {
          const {index: _i, indices: _is, alias: _a, aliases: _as, ...props} = spec
          index.aliases.set(alias, props)
        } else if (kind === 'remove') {
          if (!index.aliases.delete(alias) && spec.must_exist === true) throw osError(404, 'aliases_not_found_exception', `aliases [${alias}] missing`)
        } else throw illegalArgument(`Unknown alias action [${kind}]`)
      }
    }
  }
  return jsonReply(200, {acknowledged: true})
}

/** Managed only; AOSS answers 404 [S22][S23][S24]. */
export function refresh(ctx: RequestContext): Reply {
  if (ctx.core.serverless) return emptyReply(404)
  const indices = ctx.core.resolve(ctx.params.index)
  for (const index of indices) index.refresh()
  const n = indices.length * 2
  return jsonReply(200, {_shards: {total: n, successful: n / 2, failed: 0}})
}
