/**
 * The one place S3 object keys are built and checked. Every key this tool writes (chunks, manifests, checkpoints)
 * and every key it reads from a file someone else may have written (a manifest's chunk keys) passes through here.
 *
 * S3 itself treats `..` as two ordinary characters, but path-style requests put the key in the URL path, where
 * proxies, S3-compatible servers and file-system backed stores resolve dot segments: `GET /a/../b/secret` reads
 * bucket b, and `PUT /bucket/../../escape/x` has written outside a server's data folder. So a key never holds an
 * empty, `.` or `..` segment, a leading `/`, a backslash (a separator for stores on Windows) or a control character.
 */
import {AossError} from '../errors.js'

/** Why `path` (segments joined by `/`, one trailing `/` allowed) is not a safe key, or undefined when it is. */
export function keyProblem(path: string): string | undefined {
  if (path.startsWith('/')) return 'it starts with "/"'
  const segments = path.split('/')
  if (segments.length > 1 && segments.at(-1) === '') segments.pop()
  for (const segment of segments) {
    if (segment === '') return 'it has an empty segment'
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`
    if (segment.includes('\\')) return 'it contains "\\"'
    if (hasControlCharacter(segment)) return 'it contains a control character'
  }

  return undefined
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x7F) return true
  }

  return false
}

const KEY_RULE = 'S3 keys are built from segments that are not empty, "." or "..", without a leading "/".'

function refuse(what: string, value: string, problem: string): AossError {
  return new AossError('USAGE', `${what} ${JSON.stringify(value)} is refused as part of an S3 key: ${problem}`, {
    hints: [KEY_RULE],
    details: {key: value},
  })
}

/**
 * A user's prefix as a key folder: `a/b/` from ` /a//b/ `, or '' for the bucket root. Slashes are tidied (so the
 * key never has a leading or doubled one); a `.` or `..` segment is refused, since it cannot mean anything safe.
 */
export function keyPrefix(prefix: string | undefined, what = 'prefix'): string {
  const parts = (prefix ?? '').split('/').map((part) => part.trim()).filter(Boolean)
  const joined = parts.length > 0 ? `${parts.join('/')}/` : ''
  const problem = joined === '' ? undefined : keyProblem(joined)
  if (problem) throw refuse(what, prefix ?? '', problem)
  return joined
}

/** One segment (an index name, a stamp, a file name): no `/` and none of the refused forms. */
export function keySegment(value: string, what: string): string {
  const problem = value.includes('/') ? 'it contains "/"' : keyProblem(value)
  if (problem) throw refuse(what, value, problem)
  return value
}

/** `folder` + segments as a folder key (trailing slash). The folder is checked too: it may come from a checkpoint. */
export function folderKey(folder: string, ...segments: Array<{value: string, what: string}>): string {
  return `${objectKey(folder, ...segments)}/`
}

/** `folder` + segments as an object key. `folder` is '' or ends with '/'. */
export function objectKey(folder: string, ...segments: Array<{value: string, what: string}>): string {
  if (folder !== '') {
    const problem = folder.endsWith('/') ? keyProblem(folder) : 'it does not end with "/"'
    if (problem) throw refuse('key folder', folder, problem)
  }

  return folder + segments.map((segment) => keySegment(segment.value, segment.what)).join('/')
}

/** Checks a whole key given from outside (an s3:// URI, a continuation event); returns it unchanged. */
export function checkedKey(key: string, what: string): string {
  const problem = key === '' ? 'it is empty' : keyProblem(key)
  if (problem) throw refuse(what, key, problem)
  return key
}

/** The folder part of a key, with its trailing slash ('' at the bucket root). */
export function keyFolder(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1)
}

/**
 * A key read from a manifest, kept inside `folder` (the manifest's own folder): it must be a clean relative key
 * and lie under that folder. Anything else would read an object the backup does not own, so it is refused.
 */
export function keyInside(key: string, folder: string, what: string): string {
  const problem = key === '' ? 'it is empty' : keyProblem(key)
  if (problem) throw outside(what, key, folder, problem)
  if (!key.startsWith(folder) || key.length === folder.length) throw outside(what, key, folder, `it is not under ${folder || 'the bucket root'}`)
  return key
}

function outside(what: string, key: string, folder: string, problem: string): AossError {
  return new AossError('USAGE', `${what} ${JSON.stringify(key)} leaves the backup: ${problem}`, {
    hints: ['A backup\'s chunk keys are relative and lie beside its manifest.json; this manifest was altered or not written by aoss, and nothing was restored.'],
    details: {key, folder},
  })
}
