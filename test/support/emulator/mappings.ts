/**
 * Index mappings: dynamic mapping of new fields, value checks against mapped types, field
 * resolution for queries (multi-fields like `name.keyword` read the parent's value).
 */
import {illegalArgument, osError} from './errors.js'

export interface FieldMapping {
  type?: string
  properties?: Record<string, FieldMapping>
  fields?: Record<string, FieldMapping>
  [key: string]: unknown
}

export interface Mappings {
  dynamic?: unknown
  properties: Record<string, FieldMapping>
  [key: string]: unknown
}

/** OpenSearch's dynamic_date_formats: strict_date_optional_time || yyyy/MM/dd HH:mm:ss Z || yyyy/MM/dd Z. */
const DATE_LIKE = /^(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?|\d{4}\/\d{2}\/\d{2}( \d{2}:\d{2}:\d{2})?( [+-]\d{4})?)$/

const NUMERIC = new Set(['long', 'integer', 'short', 'byte', 'double', 'float', 'half_float', 'scaled_float', 'unsigned_long'])
const INTEGRAL = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long'])

export const isNumericType = (type: string | undefined): boolean => type !== undefined && NUMERIC.has(type)

export function emptyMappings(): Mappings {
  return {properties: {}}
}

/** The mapping OpenSearch infers for a JSON value, or undefined for null / empty arrays (no mapping added). */
function inferMapping(value: unknown): FieldMapping | undefined {
  if (Array.isArray(value)) return value.length > 0 ? inferMapping(value.find((v) => v !== null)) : undefined
  switch (typeof value) {
    case 'string':
      return DATE_LIKE.test(value)
        ? {type: 'date'}
        : {type: 'text', fields: {keyword: {type: 'keyword', ignore_above: 256}}}
    case 'number':
      return Number.isInteger(value) ? {type: 'long'} : {type: 'float'}
    case 'boolean':
      return {type: 'boolean'}
    case 'object':
      return value === null ? undefined : {properties: {}}
    default:
      return undefined
  }
}

function parseFailure(path: string, type: string, id: string, value: unknown, cause: {type: string; reason: string}) {
  const preview = typeof value === 'string' ? value : JSON.stringify(value)
  return osError(400, 'mapper_parsing_exception', `failed to parse field [${path}] of type [${type}] in document with id '${id}'. Preview of field's value: '${preview}'`, {caused_by: cause})
}

function checkValue(path: string, mapping: FieldMapping, value: unknown, id: string): void {
  const type = mapping.type
  if (value === null || type === undefined) return
  if (isNumericType(type)) {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
    if (!Number.isFinite(n)) throw parseFailure(path, type, id, value, {type: 'number_format_exception', reason: `For input string: "${String(value)}"`})
    if (INTEGRAL.has(type) && typeof value === 'string' && !Number.isInteger(n) && !/^-?\d+(\.\d*)?$/.test(value)) {
      throw parseFailure(path, type, id, value, {type: 'number_format_exception', reason: `For input string: "${value}"`})
    }
  } else if (type === 'date') {
    const ok = typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value.replace(/\//g, '-'))))
    if (!ok) throw parseFailure(path, type, id, value, {type: 'illegal_argument_exception', reason: `failed to parse date field [${String(value)}] with format [strict_date_optional_time||epoch_millis]`})
  } else if (type === 'boolean') {
    if (!(typeof value === 'boolean' || value === 'true' || value === 'false' || value === '')) {
      throw parseFailure(path, type, id, value, {type: 'illegal_argument_exception', reason: `Failed to parse value [${String(value)}] as only [true] or [false] are allowed.`})
    }
  }
}

/**
 * Walks a document: checks values against mapped types and adds mappings for new fields
 * (unless `dynamic` is false/strict). Mutates `mappings`; throws mapper_parsing_exception.
 */
export function mapDocument(mappings: Mappings, source: Record<string, unknown>, id: string): void {
  const dynamic = String(mappings.dynamic ?? 'true')
  walk(mappings.properties, source, '', dynamic, id)
}

function walk(props: Record<string, FieldMapping>, obj: Record<string, unknown>, prefix: string, dynamic: string, id: string): void {
  for (const key in obj) {
    const value = obj[key]
    const path = prefix + key
    let mapping = props[key]
    if (mapping === undefined) {
      const inferred = inferMapping(value)
      if (inferred === undefined) continue
      if (dynamic === 'strict') {
        throw osError(400, 'strict_dynamic_mapping_exception', `mapping set to strict, dynamic introduction of [${key}] within [${prefix === '' ? '_doc' : prefix.slice(0, -1)}] is not allowed`)
      }
      if (dynamic === 'false') continue
      mapping = props[key] = inferred
    }
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        if (mapping.type !== undefined && mapping.type !== 'object' && mapping.type !== 'nested') {
          throw parseFailure(path, mapping.type, id, v, {type: 'illegal_state_exception', reason: `Can't get text on a START_OBJECT`})
        }
        mapping.properties ??= {}
        walk(mapping.properties, v as Record<string, unknown>, path + '.', dynamic, id)
      } else {
        checkValue(path, mapping, v, id)
      }
    }
  }
}

/** Merges a PUT _mapping / create-index mapping into existing mappings; a changed type is refused as OpenSearch does. */
export function mergeMappings(target: Mappings, incoming: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(incoming)) {
    if (key === 'properties') mergeProperties(target.properties, value as Record<string, FieldMapping>, '')
    else target[key] = value
  }
}

function mergeProperties(target: Record<string, FieldMapping>, incoming: Record<string, FieldMapping>, prefix: string): void {
  for (const [name, mapping] of Object.entries(incoming ?? {})) {
    const existing = target[name]
    if (existing === undefined) {
      target[name] = structuredClone(mapping)
      continue
    }
    const oldType = existing.type ?? 'object'
    const newType = mapping.type ?? 'object'
    if (oldType !== newType) {
      throw illegalArgument(`mapper [${prefix}${name}] cannot be changed from type [${oldType}] to [${newType}]`)
    }
    if (mapping.properties) mergeProperties((existing.properties ??= {}), mapping.properties, `${prefix}${name}.`)
    if (mapping.fields) existing.fields = {...existing.fields, ...structuredClone(mapping.fields)}
  }
}

export interface ResolvedField {
  /** Dotted path to read from `_source`. */
  sourcePath: string
  /** Mapped type, undefined when unmapped. Objects report 'object'. */
  type: string | undefined
}

/** Resolves `a.b.keyword` to the source path `a.b` with type keyword (multi-field). */
export function resolveField(mappings: Mappings, path: string): ResolvedField {
  const segments = path.split('.')
  let props: Record<string, FieldMapping> | undefined = mappings.properties
  let current: FieldMapping | undefined
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!
    const next: FieldMapping | undefined = props?.[seg]
    if (next !== undefined) {
      current = next
      props = next.properties
      continue
    }
    const sub = current?.fields?.[seg]
    if (sub !== undefined && i === segments.length - 1) {
      return {sourcePath: segments.slice(0, i).join('.'), type: sub.type}
    }
    return {sourcePath: path, type: undefined}
  }
  return {sourcePath: path, type: current?.type ?? (current?.properties ? 'object' : undefined)}
}

/** Every leaf field path in the mappings, multi-fields included (for `*` field patterns). */
export function leafFields(mappings: Mappings): Array<{path: string; type: string}> {
  const out: Array<{path: string; type: string}> = []
  const visit = (props: Record<string, FieldMapping>, prefix: string) => {
    for (const [name, m] of Object.entries(props)) {
      const path = prefix + name
      if (m.properties) visit(m.properties, path + '.')
      if (m.type !== undefined && m.type !== 'object' && m.type !== 'nested') {
        out.push({path, type: m.type})
        for (const [sub, sm] of Object.entries(m.fields ?? {})) out.push({path: `${path}.${sub}`, type: sm.type ?? 'keyword'})
      }
    }
  }
  visit(mappings.properties, '')
  return out
}
