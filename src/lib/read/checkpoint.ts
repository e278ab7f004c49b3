/**
 * The small file beside an export (`FILE.aoss-checkpoint.json`) that makes `--resume` possible: per slice the
 * sort values of the last written hit, and how many bytes of FILE hold them.
 *
 * It is written only after the data it describes is on disk (the data file is fsynced first), and atomically
 * (a temporary file renamed over the old one), so after a crash or `kill -9` it never points past the data.
 * Whatever the file holds beyond `bytes` was written after the last checkpoint and is cut off on resume.
 */
import {readFile} from 'node:fs/promises'

import {AossError} from '../errors.js'
import {removeAtomicFile, writeJsonAtomically} from '../io/atomic-file.js'
import type {LineFormat, Page, ReadStrategy, SliceCursor} from './types.js'

export const CHECKPOINT_VERSION = 1

export interface ExportCheckpoint {
  version: typeof CHECKPOINT_VERSION
  /** What was asked for; a resume reads with exactly these so the result matches an uninterrupted run. */
  index: string
  query?: Record<string, unknown>
  fields?: string[]
  sort?: string[]
  tiebreaker: string
  format: LineFormat
  gzip: boolean
  batchSize: number
  maxDocs?: number
  keepAlive: string
  strategy: ReadStrategy
  slices: SliceCursor[]
  /** The count at the start of the first run. */
  expected?: number
  docs: number
  /** Bytes of the output file the cursors account for. */
  bytes: number
  startedAt: string
  updatedAt: string
}

export function checkpointPath(output: string): string {
  return `${output}.aoss-checkpoint.json`
}

export async function readCheckpoint(output: string): Promise<ExportCheckpoint | undefined> {
  let text: string
  try {
    text = await readFile(checkpointPath(output), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }

  let parsed: ExportCheckpoint
  try {
    parsed = JSON.parse(text) as ExportCheckpoint
  } catch {
    throw new AossError('USAGE', `${checkpointPath(output)} is not valid JSON`, {hints: ['Delete it and start over with --force.']})
  }

  if (parsed.version !== CHECKPOINT_VERSION || !Array.isArray(parsed.slices)) {
    throw new AossError('USAGE', `${checkpointPath(output)} has an unknown format (version ${parsed.version})`, {
      hints: ['It was written by another version of aoss; start over with --force.'],
    })
  }

  return parsed
}

export async function writeCheckpoint(output: string, checkpoint: ExportCheckpoint): Promise<void> {
  await writeJsonAtomically(checkpointPath(output), checkpoint)
}

export async function removeCheckpoint(output: string): Promise<void> {
  await removeAtomicFile(checkpointPath(output))
}

/** Moves a slice's cursor past a written page. */
export function advance(cursors: SliceCursor[], page: Page): void {
  let cursor = cursors.find((c) => c.id === page.slice)
  if (!cursor) {
    cursor = {id: page.slice, docs: 0, done: false}
    cursors.push(cursor)
    cursors.sort((a, b) => a.id - b.id)
  }

  cursor.docs += page.hits.length
  if (page.after) cursor.after = page.after
  // Readers mark a slice's last page; an empty page means the same for a reader that does not.
  if (page.done ?? page.hits.length === 0) cursor.done = true
}
