/**
 * Index settings a flavour will accept on create. Used by `index:create` and by restore, which recreates indexes
 * from the settings a backup manifest recorded.
 *
 * Two kinds of setting are dropped:
 * - read-only facts the server writes itself (uuid, creation date, version…): every flavour refuses them on create,
 *   and they appear whenever the settings were copied from `GET <index>`;
 * - on OpenSearch Serverless, shard and replica layout, which the service manages itself and refuses
 *   (aoss-facts §2; the emulator answers 400 like the service).
 */
import type {Flavour} from '../connection/flavour.js'

export interface FilteredSettings {
  /** The settings to send, in the same shape (nested or dotted) they came in. */
  settings: Record<string, unknown>
  /** Dotted names of what was removed, e.g. `index.number_of_shards`. */
  dropped: string[]
  /** Dropped because the flavour refuses them (as opposed to read-only facts); worth a warning. */
  refusedByFlavour: string[]
}

/** Written by the server; refused on create everywhere. Names without the `index.` prefix. */
const READ_ONLY = new Set([
  'uuid',
  'creation_date',
  'creation_date_string',
  'provided_name',
  'version.created',
  'version.created_string',
  'version.upgraded',
  'version.upgraded_string',
  'history.uuid',
  'resize.source.name',
  'resize.source.uuid',
  'routing.allocation.initial_recovery._id',
])
const READ_ONLY_PREFIXES = ['version.', 'verified_before_close', 'blocks.']

/** Shard layout, replica and allocation settings: OpenSearch Serverless manages these itself. */
const SERVERLESS_REFUSED = ['number_of_shards', 'number_of_replicas', 'auto_expand_replicas', 'number_of_routing_shards']
const SERVERLESS_REFUSED_PREFIXES = ['routing.allocation.', 'routing_partition_size', 'shard.', 'replication.', 'remote_store.']

export function settingsForFlavour(settings: Record<string, unknown> | undefined, flavour: Flavour): FilteredSettings {
  const dropped: string[] = []
  const refusedByFlavour: string[] = []
  const keep = (dotted: string): boolean => {
    const name = dotted.startsWith('index.') ? dotted.slice('index.'.length) : dotted
    if (READ_ONLY.has(name) || READ_ONLY_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      dropped.push(`index.${name}`)
      return false
    }

    if (flavour === 'serverless' && (SERVERLESS_REFUSED.includes(name) || SERVERLESS_REFUSED_PREFIXES.some((prefix) => name.startsWith(prefix)))) {
      dropped.push(`index.${name}`)
      refusedByFlavour.push(`index.${name}`)
      return false
    }

    return true
  }

  const filtered = filterTree(settings ?? {}, '', keep)
  return {settings: filtered, dropped, refusedByFlavour}
}

/** Walks nested and dotted keys alike (`{index: {number_of_shards}}` and `{"index.number_of_shards"}`). */
function filterTree(node: Record<string, unknown>, prefix: string, keep: (dotted: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    const dotted = prefix ? `${prefix}.${key}` : key
    // `analysis` holds user-named analyzers and filters, never a setting this filter is about.
    if (isPlainObject(value) && !dotted.endsWith('analysis')) {
      const child = filterTree(value, dotted, keep)
      if (Object.keys(child).length > 0) out[key] = child
    } else if (keep(dotted)) {
      out[key] = value
    }
  }

  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
