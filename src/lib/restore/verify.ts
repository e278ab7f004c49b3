/**
 * Checks a source before anything is written, so a damaged backup or file is refused instead of half restored.
 *
 * - backup: every chunk's sha256 and size against the manifest (chunks read in parallel, nothing kept);
 * - local file: one dry pass through the same reader the restore uses: gzip integrity (a truncated .gz ends with
 *   an error, not a quiet end), every line JSON, and the document count for the final comparison;
 * - stdin cannot be read twice: it is checked while it is restored, and a damaged stream stops the restore.
 */
import {checkChunks} from '../backup/verify-chunks.js'
import {AossError} from '../errors.js'
import {DocReader} from './read-docs.js'
import type {RestoreSource} from './sources.js'

export interface VerifyResult {
  /** What was checked: chunk hashes, a dry read of the file, or nothing (stdin, --skip-verify). */
  checked: 'chunks' | 'file' | 'none'
  chunks?: number
  bytes?: number
  /** Documents counted by the dry read of a file. */
  docs?: number
  elapsedMs: number
}

/** Chunks hashed at once; each is streamed, so memory does not grow with it. */
const PARALLEL_CHUNKS = 4

export async function verifySource(source: RestoreSource): Promise<VerifyResult> {
  const started = performance.now()
  if (source.kind === 'backup') {
    // A backup's parts are its manifest's chunks, in order, with their sizes and hashes (an incremental's: its chain's).
    const chunks = source.parts.map((part) => ({key: part.name, docs: 0, bytes: part.bytes ?? 0, sha256: part.sha256 ?? '', part}))
    const checks = await checkChunks(chunks, (chunk) => chunk.part.open(), {concurrency: PARALLEL_CHUNKS})
    const bad = source.parts.filter((_, i) => !checks[i]!.ok)
    if (bad.length > 0) {
      const names = bad.map((part) => part.name.split('/').pop()).join(', ')
      throw new AossError('INCOMPLETE', `the backup is corrupt: ${bad.length} of ${source.parts.length} chunks do not match the manifest's sha256 (${names})`, {
        hints: ['Restore from another backup; --skip-verify writes whatever can still be read (not advised).'],
        details: {source: source.name, corrupt: bad.map((part) => part.name)},
      })
    }

    const bytes = source.parts.reduce((sum, part) => sum + (part.bytes ?? 0), 0)
    return {checked: 'chunks', chunks: source.parts.length, bytes, elapsedMs: Math.round(performance.now() - started)}
  }

  if (source.kind === 'file') {
    const reader = new DocReader(source.parts)
    let docs = 0
    for await (const _ of reader.docs()) docs++
    return {checked: 'file', docs, elapsedMs: Math.round(performance.now() - started)}
  }

  return {checked: 'none', elapsedMs: 0}
}
