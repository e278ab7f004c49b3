/**
 * The emulator's shared state and the rules every route needs: options with defaults,
 * index resolution (lists, wildcards, aliases), index creation, and when a write becomes searchable.
 */
import {illegalArgument, indexNotFound, osError} from './errors.js'
import {IndexState} from './index-state.js'
import {indexNameError} from './index-names.js'
import {mergeMappings} from './mappings.js'
import {PitStore} from './pit.js'
import {ScrollStore} from './scroll.js'
import {RankCache} from './search/rank.js'
import type {AuthOptions, CollectionType, EmulatorOptions, EmulatorState, Flavour} from './types.js'

export interface ResolvedOptions {
  flavour: Flavour
  collectionType: CollectionType
  auth: AuthOptions
  visibilityDelayMs: number
  refreshIntervalMs: number
  newIndexUnwritableMs: number
  maxRequestBytes: number
  tooLargeResponse: {status: number; body: unknown} | undefined
  latencyMs: number | {min: number; max: number}
  pitKeepAliveMaxMs: number
  version: string
  catServerlessColumns: 'empty' | 'absent' | 'filled'
  serverlessRefreshParam: 'reject' | 'ignore'
  rejectShardSettings: boolean
  requireTimestamp: boolean
  clockOffsetMs: number
}

export function resolveOptions(o: EmulatorOptions): ResolvedOptions {
  return {
    flavour: o.flavour,
    collectionType: o.collectionType ?? 'search',
    auth: o.auth ?? {mode: 'none'},
    visibilityDelayMs: o.visibilityDelayMs ?? 0,
    refreshIntervalMs: o.refreshIntervalMs ?? 0,
    newIndexUnwritableMs: o.newIndexUnwritableMs ?? 0,
    maxRequestBytes: o.maxRequestBytes ?? 10 * 1024 * 1024,
    tooLargeResponse: o.tooLargeResponse,
    latencyMs: o.latencyMs ?? 0,
    pitKeepAliveMaxMs: o.pitKeepAliveMaxMs ?? 24 * 3_600_000,
    version: o.version ?? '2.17.1',
    catServerlessColumns: o.catServerlessColumns ?? 'empty',
    serverlessRefreshParam: o.serverlessRefreshParam ?? 'reject',
    rejectShardSettings: o.rejectShardSettings ?? true,
    requireTimestamp: o.requireTimestamp ?? false,
    clockOffsetMs: o.clockOffsetMs ?? 0,
  }
}

/** `{"index": {"number_of_shards": 1}}`, `{"number_of_shards": 1}` and `{"index.number_of_shards": "1"}` all mean the same. */
export function flattenSettings(input: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  if (input === null || typeof input !== 'object') return out
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const path = prefix + key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flattenSettings(value, path + '.'))
    else out[path.startsWith('index.') ? path : `index.${path}`] = String(value)
  }
  return out
}

export class EmulatorCore {
  readonly state: EmulatorState = {indices: new Map(), pits: new PitStore(), scrolls: new ScrollStore()}
  readonly rankCache = new RankCache()

  constructor(readonly opts: ResolvedOptions) {}

  get serverless(): boolean {
    return this.opts.flavour === 'serverless'
  }

  now(): number {
    return Date.now()
  }

  /** When a write acknowledged now becomes searchable; `refresh` forces it (managed only). */
  visibleAt(now: number, refresh: boolean): number {
    if (this.serverless) return now + this.opts.visibilityDelayMs
    return refresh ? now : now + this.opts.refreshIntervalMs
  }

  createIndex(name: string, body: Record<string, unknown> = {}, now = this.now(), explicit = true): IndexState {
    const nameError = indexNameError(name)
    if (nameError) throw nameError
    const existing = this.state.indices.get(name)
    if (existing) {
      throw osError(400, 'resource_already_exists_exception', `index [${name}/${existing.uuid}] already exists`, {index: name, index_uuid: existing.uuid})
    }
    if (this.aliasTargets(name).length > 0) {
      throw osError(400, 'invalid_index_name_exception', `Invalid index name [${name}], an alias with the same name already exists`, {index: name, index_uuid: '_na_'})
    }
    const settings = flattenSettings(body.settings)
    if (this.serverless && this.opts.rejectShardSettings) {
      for (const key of ['index.number_of_shards', 'index.number_of_replicas']) {
        if (key in settings) throw illegalArgument(`Setting [${key}] is not supported in OpenSearch Serverless`)
      }
    }
    const index = new IndexState(name)
    index.settings = this.serverless ? settings : {'index.number_of_shards': '1', 'index.number_of_replicas': '1', ...settings}
    if (body.mappings && typeof body.mappings === 'object') mergeMappings(index.mappings, body.mappings as Record<string, unknown>)
    for (const [alias, spec] of Object.entries((body.aliases ?? {}) as Record<string, Record<string, unknown>>)) {
      index.aliases.set(alias, spec ?? {})
    }
    if (explicit && this.serverless) index.writableAt = now + this.opts.newIndexUnwritableMs
    this.state.indices.set(name, index)
    return index
  }

  /** Indices behind an alias name. */
  aliasTargets(alias: string): IndexState[] {
    return [...this.state.indices.values()].filter((i) => i.aliases.has(alias))
  }

  /**
   * Resolves an index expression (`a,b*,alias`, `_all`, `*`, empty) the way search does:
   * a missing concrete name is 404 unless ignoreUnavailable; a wildcard matching nothing is fine.
   */
  resolve(expr: string | undefined, options: {ignoreUnavailable?: boolean} = {}): IndexState[] {
    const found = new Map<string, IndexState>()
    const parts = expr === undefined || expr === '' ? ['_all'] : expr.split(',')
    for (const part of parts) {
      if (part === '_all' || part === '*') {
        for (const index of this.state.indices.values()) found.set(index.name, index)
      } else if (part.startsWith('-') && found.size > 0) {
        const re = wildcardRegex(part.slice(1))
        for (const name of [...found.keys()]) if (re.test(name)) found.delete(name)
      } else if (part.includes('*')) {
        const re = wildcardRegex(part)
        for (const index of this.state.indices.values()) {
          if (re.test(index.name) || [...index.aliases.keys()].some((a) => re.test(a))) found.set(index.name, index)
        }
      } else {
        const direct = this.state.indices.get(part)
        const targets = direct ? [direct] : this.aliasTargets(part)
        if (targets.length === 0 && !options.ignoreUnavailable) throw indexNotFound(part)
        for (const index of targets) found.set(index.name, index)
      }
    }
    return [...found.values()]
  }

  /** The index a write goes to: through an alias, auto-created if missing, refused while still unwritable. */
  indexForWrite(name: string, now: number): IndexState {
    let index = this.state.indices.get(name)
    if (!index) {
      const targets = this.aliasTargets(name)
      if (targets.length > 1) {
        const writable = targets.filter((t) => t.aliases.get(name)?.is_write_index === true)
        if (writable.length !== 1) {
          throw illegalArgument(`no write index is defined for alias [${name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`)
        }
        index = writable[0]
      } else {
        index = targets[0]
      }
    }
    index ??= this.createIndex(name, {}, now, false)
    if (now < index.writableAt) throw indexNotFound(index.name)
    return index
  }
}

export function wildcardRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}
