/**
 * Checking backup chunks against their manifest: each chunk is streamed through sha256, never held in memory or
 * on disk, and its size and digest compared with what the manifest recorded. The one check behind
 * `aoss backup verify` and restore's check before it writes; each caller opens chunks its own way (S3, or a
 * local copy of the backup folder).
 */
import {createHash} from 'node:crypto'

import type {ChunkEntry} from './manifest.js'
import {mapLimit} from './map-limit.js'

export interface ChunkCheck {
  key: string
  ok: boolean
  expectedBytes: number
  expectedSha256: string
  bytes?: number
  sha256?: string
  problem?: 'missing' | 'size' | 'sha256' | 'unreadable'
  detail?: string
}

/**
 * Thrown by an `open` function, or by the stream it returned, to mark that one chunk as failed and go on with
 * the others. Any other error stops the whole check.
 */
export class ChunkProblem extends Error {
  constructor(readonly problem: 'missing' | 'unreadable', readonly detail?: string) {
    super(detail ?? problem)
    this.name = 'ChunkProblem'
  }
}

/** What the manifest says a chunk holds. */
export type ExpectedChunk = Pick<ChunkEntry, 'bytes' | 'key' | 'sha256'>

export interface CheckChunksOptions {
  /** Chunks read at once (default 4); each is streamed, so memory does not grow with it. */
  concurrency?: number
  onChunk?: (check: ChunkCheck, done: number, total: number) => void
}

/** One check per chunk, in the order given. */
export async function checkChunks<T extends ExpectedChunk>(
  chunks: T[],
  open: (chunk: T) => Promise<AsyncIterable<Uint8Array>>,
  options: CheckChunksOptions = {},
): Promise<ChunkCheck[]> {
  let done = 0
  return mapLimit(chunks, options.concurrency ?? 4, async (chunk) => {
    const check = await checkChunk(chunk, open)
    options.onChunk?.(check, ++done, chunks.length)
    return check
  })
}

async function checkChunk<T extends ExpectedChunk>(chunk: T, open: (chunk: T) => Promise<AsyncIterable<Uint8Array>>): Promise<ChunkCheck> {
  const base = {key: chunk.key, expectedBytes: chunk.bytes, expectedSha256: chunk.sha256}
  const hash = createHash('sha256')
  let bytes = 0
  try {
    for await (const part of await open(chunk)) {
      hash.update(part)
      bytes += part.length
    }
  } catch (error) {
    if (!(error instanceof ChunkProblem)) throw error
    return {...base, ok: false, problem: error.problem, ...(error.detail === undefined ? {} : {detail: error.detail})}
  }

  const sha256 = hash.digest('hex')
  if (bytes !== chunk.bytes) return {...base, ok: false, bytes, sha256, problem: 'size'}
  if (sha256 !== chunk.sha256) return {...base, ok: false, bytes, sha256, problem: 'sha256'}
  return {...base, ok: true, bytes, sha256}
}
