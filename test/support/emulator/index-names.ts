/** OpenSearch's index name rules (MetadataCreateIndexService.validateIndexOrAliasName). */
import {osError, type OpenSearchError} from './errors.js'

const FORBIDDEN = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']

function invalid(name: string, why: string): OpenSearchError {
  return osError(400, 'invalid_index_name_exception', `Invalid index name [${name}], ${why}`, {index: name, index_uuid: '_na_'})
}

/** Returns the error for a name OpenSearch would refuse, or undefined. */
export function indexNameError(name: string): OpenSearchError | undefined {
  if (name !== name.toLowerCase()) return invalid(name, 'must be lowercase')
  if (FORBIDDEN.some((c) => name.includes(c))) {
    return invalid(name, 'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]')
  }
  if (/^[_\-+]/.test(name)) return invalid(name, "must not start with '_', '-', or '+'")
  if (name === '.' || name === '..') return invalid(name, "must not be '.' or '..'")
  if (Buffer.byteLength(name) > 255) return invalid(name, 'index name is too long, (' + Buffer.byteLength(name) + ' > 255)')
  return undefined
}
