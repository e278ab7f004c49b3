/**
 * The body of `PUT <index>`, put together from what users have at hand: a mappings file, a settings file, or a
 * whole body. Each is accepted bare or wrapped the way OpenSearch prints it, so the output of `aoss index get`
 * (or `GET <index>` / `GET <index>/_mapping`) can be fed straight back.
 */
import {usageError} from '../errors.js'

export interface CreateBody {
  settings?: Record<string, unknown>
  mappings?: Record<string, unknown>
  aliases?: Record<string, unknown>
}

export interface CreateBodyParts {
  mappings?: unknown
  settings?: unknown
  body?: unknown
}

export function buildCreateBody(parts: CreateBodyParts): CreateBody {
  if (parts.body !== undefined) {
    const body = unwrapIndexEnvelope(asObject(parts.body, '--body'))
    const unknown = Object.keys(body).filter((key) => !['settings', 'mappings', 'aliases'].includes(key))
    if (unknown.length > 0) {
      throw usageError(
        `--body has unexpected top-level keys: ${unknown.join(', ')}`,
        'A create body holds only "settings", "mappings" and "aliases"; use --mappings for a bare mapping.',
      )
    }

    return body as CreateBody
  }

  const body: CreateBody = {}
  if (parts.mappings !== undefined) body.mappings = unwrap(unwrapIndexEnvelope(asObject(parts.mappings, '--mappings')), 'mappings')
  if (parts.settings !== undefined) body.settings = unwrap(unwrapIndexEnvelope(asObject(parts.settings, '--settings')), 'settings')
  return body
}

function asObject(value: unknown, flag: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError(`${flag} must hold a JSON object`)
  return value as Record<string, unknown>
}

/** `{"inventory": {"mappings": …}}` (one index, as GET prints it) → `{"mappings": …}`. */
function unwrapIndexEnvelope(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value)
  if (keys.length !== 1) return value
  const inner = value[keys[0]]
  if (['settings', 'mappings', 'aliases', 'properties', 'index'].includes(keys[0])) return value
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
    const innerKeys = Object.keys(inner)
    if (innerKeys.length > 0 && innerKeys.every((key) => ['settings', 'mappings', 'aliases'].includes(key))) return inner as Record<string, unknown>
  }

  return value
}

/** `{"mappings": {...}}` → `{...}` when the wrapper is the only key. */
function unwrap(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const keys = Object.keys(value)
  if (keys.length === 1 && keys[0] === key) return asObject(value[key], `--${key}`)
  return value
}

export interface CreateBodyFiles {
  mappings?: string
  settings?: string
  /** The whole body; `-` reads stdin. */
  body?: string
}

/** Reads the files named by --mappings / --settings / --body (`-` = stdin) and builds the create body. */
export async function readCreateBody(files: CreateBodyFiles): Promise<CreateBody> {
  const {readJsonFile} = await import('../io/json-input.js')
  return buildCreateBody({
    mappings: files.mappings === undefined ? undefined : await readJsonFile(files.mappings),
    settings: files.settings === undefined ? undefined : await readJsonFile(files.settings),
    body: files.body === undefined ? undefined : await readJsonFile(files.body),
  })
}
