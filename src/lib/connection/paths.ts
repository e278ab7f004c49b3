/**
 * The one place where index names and document ids become URL paths.
 *
 * A segment is escaped with encodeURIComponent, which leaves `.` alone: an id `..` would make
 * `/victim/_doc/..`, and a server or proxy that resolves dot segments turns that into `/victim` — `doc delete
 * victim ..` would delete the index. Percent-encoding the dots does not help: URL resolution (WHATWG URL, and
 * RFC 3986 normalisation, which decodes unreserved characters first) treats `%2E%2E` as `..` too. So the ids
 * `.` and `..` are refused, and an index name is checked against OpenSearch's rules before any request: a name
 * the server would refuse never leaves this module, and `.`, `..` or `_search` can never stand for an index.
 */
import {AossError} from '../errors.js'

/** OpenSearch refuses these anywhere in an index name (MetadataCreateIndexService.validateIndexOrAliasName). */
const FORBIDDEN = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']
const MAX_NAME_BYTES = 255
const RULES = 'Index names are lower case, at most 255 bytes, not . or .., do not start with _ - or +, and hold none of \\ / * ? " < > | , # : or spaces.'

/**
 * Throws a usage error (exit 2) unless `name` is one index (or alias) name OpenSearch would accept. Used for
 * every command that writes or names exactly one index.
 */
export function assertIndexName(name: string): void {
  const why = nameFault(name, FORBIDDEN)
  if (why) throw invalidName(name, why)
}

/**
 * Throws a usage error unless `target` is a read target: a comma list of names, each of which may hold `*`
 * wildcards, and after the first may be an exclusion (`logs-*,-logs-old`). `_all` names every index.
 */
export function assertIndexTarget(target: string): void {
  if (target === '_all') return
  const names = target.split(',')
  for (const [position, entry] of names.entries()) {
    if (entry === '' && names.length > 1) throw invalidName(target, 'a comma list holds an empty name')
    const name = position > 0 && entry.startsWith('-') && entry.length > 1 ? entry.slice(1) : entry
    // Wildcards may match hidden or existing names; the server resolves them. `:` names a remote cluster there.
    const why = nameFault(name, FORBIDDEN.filter((c) => c !== '*' && c !== ':'))
    if (why) throw invalidName(entry, why, names.length > 1 ? target : undefined)
  }
}

/** `/<index>` plus the rest (`_doc`, `_bulk`…: fixed segments, or ones built here) for exactly one index. */
export function indexPath(index: string, ...rest: string[]): string {
  assertIndexName(index)
  return ['', encodeURIComponent(index), ...rest].join('/')
}

/** `/<target>` plus the rest (`_search`, `_count`…) for a name, comma list or wildcard pattern. */
export function targetPath(target: string, ...rest: string[]): string {
  assertIndexTarget(target)
  // `,` and `*` mean something in a target (a list, a pattern); everything else is escaped.
  const encoded = encodeURIComponent(target).replace(/%2C/gi, ',').replace(/%2A/gi, '*')
  return ['', encoded, ...rest].join('/')
}

/** `/<index>/_doc/<id>`: the path of one document. */
export function docPath(index: string, id: string): string {
  return indexPath(index, '_doc', idSegment(id))
}

/**
 * A document id as one path segment. Ids may hold any character and are escaped; `.` and `..` alone are refused
 * (exit 2), because no spelling of them in a path survives dot-segment resolution (see above).
 */
export function idSegment(id: string): string {
  if (id === '') throw new AossError('USAGE', 'a document id cannot be empty', {hints: ['Give a non-empty id (doc put assigns one when --id is left out).']})
  if (id === '.' || id === '..') {
    throw new AossError('USAGE', `the document id "${id}" cannot be used in a URL path`, {
      hints: ['Servers and proxies resolve . and .. as path steps (.. would reach the index itself), so no request can name this id; use another one.'],
      details: {id},
    })
  }

  return encodeURIComponent(id)
}

function nameFault(name: string, forbidden: string[]): string | undefined {
  if (name === '') return 'it is empty'
  if (name === '.' || name === '..') return 'it cannot be . or ..'
  if (/^[_\-+]/.test(name)) return `it cannot start with ${name[0]}`
  if (name !== name.toLowerCase()) return 'it must be lower case'
  const bad = forbidden.find((c) => name.includes(c))
  if (bad) return `it cannot hold ${bad === ' ' ? 'a space' : bad}`
  const bytes = Buffer.byteLength(name)
  if (bytes > MAX_NAME_BYTES) return `it is ${bytes} bytes long, more than ${MAX_NAME_BYTES}`
  return undefined
}

function invalidName(name: string, why: string, list?: string): AossError {
  const where = list === undefined ? '' : ` in "${list}"`
  return new AossError('USAGE', `invalid index name "${name}"${where}: ${why}`, {hints: [RULES], details: {index: list ?? name}})
}
