/** `_source` filtering: true/false, "a.*", ["a", "b"], {includes, excludes} with wildcards on dotted paths. */

type Obj = Record<string, unknown>

export interface SourceFilter {
  enabled: boolean
  includes: RegExp[]
  excludes: RegExp[]
}

const toRegex = (pattern: string): RegExp =>
  new RegExp('^' + pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$')

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : String(v).split(','))

/** Combines the body's `_source` with the URI's `_source`, `_source_includes`, `_source_excludes`. */
export function parseSourceFilter(body: unknown, uri: URLSearchParams): SourceFilter | undefined {
  let spec = body
  if (uri.has('_source')) {
    const v = uri.get('_source')!
    spec = v === 'true' ? true : v === 'false' ? false : v.split(',')
  }
  let includes: string[] = []
  let excludes: string[] = []
  if (spec === false) return {enabled: false, includes: [], excludes: []}
  if (typeof spec === 'string' || Array.isArray(spec)) includes = list(spec)
  else if (spec !== null && typeof spec === 'object') {
    includes = list((spec as Obj).includes ?? (spec as Obj).include)
    excludes = list((spec as Obj).excludes ?? (spec as Obj).exclude)
  }
  if (uri.has('_source_includes')) includes = list(uri.get('_source_includes'))
  if (uri.has('_source_excludes')) excludes = list(uri.get('_source_excludes'))
  if (includes.length === 0 && excludes.length === 0) return undefined
  return {enabled: true, includes: includes.map(toRegex), excludes: excludes.map(toRegex)}
}

/** Returns the filtered source JSON text. */
export function filterSource(source: Obj, filter: SourceFilter): string {
  return JSON.stringify(filterObject(source, '', filter) ?? {})
}

function filterObject(obj: Obj, prefix: string, f: SourceFilter): Obj | undefined {
  const out: Obj = {}
  let kept = false
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix + key
    if (f.excludes.some((re) => re.test(path))) continue
    const included = f.includes.length === 0 || f.includes.some((re) => re.test(path))
    if (value !== null && typeof value === 'object') {
      // An object is kept whole if its own path is included; else its children may match deeper patterns.
      if (included && f.excludes.length === 0) {
        out[key] = value
        kept = true
        continue
      }
      const inner = Array.isArray(value)
        ? value.map((v) => (v !== null && typeof v === 'object' ? filterObject(v as Obj, path + '.', included ? {...f, includes: []} : f) : included ? v : undefined)).filter((v) => v !== undefined)
        : filterObject(value as Obj, path + '.', included ? {...f, includes: []} : f)
      if (inner !== undefined && (!Array.isArray(inner) || inner.length > 0)) {
        out[key] = inner
        kept = true
      }
      continue
    }
    if (included) {
      out[key] = value
      kept = true
    }
  }
  return kept || prefix === '' ? out : undefined
}
