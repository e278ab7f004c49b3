/**
 * The copy's checkpoint: per slice, the source position up to which the target has acknowledged every document
 * (acknowledged.ts), plus what the copy was asked to do, so `--resume` reads and writes exactly as the first run.
 *
 * Written atomically (a temporary file, fsynced, renamed over the old one), so after `kill -9` it is either the
 * previous checkpoint or the new one, never half of one. It only ever records acknowledged documents: a resume
 * sends again at most what was in flight, which overwrites on a target that keeps ids.
 */
import {readFile} from 'node:fs/promises'

import {AossError} from '../errors.js'
import {removeAtomicFile, writeJsonAtomically} from '../io/atomic-file.js'
import type {ReadStrategy, SliceCursor} from '../read/types.js'

export const COPY_CHECKPOINT_VERSION = 1

export interface CopyCheckpoint {
  version: typeof COPY_CHECKPOINT_VERSION
  kind: 'copy'
  source: {endpoint: string, index: string}
  target: {endpoint: string, index: string}
  query?: Record<string, unknown>
  fields?: string[]
  batchSize: number
  maxDocs?: number
  keepAlive: string
  tiebreaker: string
  strategy: ReadStrategy
  slices: SliceCursor[]
  /** Documents that matched at the start of the first run. */
  expected?: number
  /** Documents acknowledged (written or dead-lettered) over all runs so far. */
  docs: number
  written: number
  deadLettered: number
  /** Ids were not sent (a collection that assigns its own): a resume may add again what was in flight. */
  idsDropped: boolean
  idField?: string
  /** The dead-letter file of the whole job: a resume appends to it. */
  deadLetter: string
  startedAt: string
  updatedAt: string
}

/** Default place: the working directory, named after both indexes so two copies never share one. */
export function defaultCheckpointPath(index: string, toIndex: string): string {
  return `copy-${index}-to-${toIndex}.aoss-checkpoint.json`
}

export async function readCopyCheckpoint(path: string): Promise<CopyCheckpoint | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }

  let parsed: CopyCheckpoint
  try {
    parsed = JSON.parse(text) as CopyCheckpoint
  } catch {
    throw new AossError('USAGE', `${path} is not valid JSON`, {hints: ['Delete it and start over with --force.']})
  }

  if (parsed.version !== COPY_CHECKPOINT_VERSION || parsed.kind !== 'copy' || !Array.isArray(parsed.slices)) {
    throw new AossError('USAGE', `${path} is not a copy checkpoint this version of aoss reads`, {hints: ['Start over with --force.']})
  }

  return parsed
}

export async function writeCopyCheckpoint(path: string, checkpoint: CopyCheckpoint): Promise<void> {
  await writeJsonAtomically(path, checkpoint)
}

export async function removeCopyCheckpoint(path: string): Promise<void> {
  await removeAtomicFile(path)
}
