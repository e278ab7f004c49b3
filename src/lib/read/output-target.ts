/**
 * What `-o` points at, decided once before anything is opened.
 *
 * Only a regular file (or a path that does not exist yet) can be fsynced, cut back to a checkpoint and resumed.
 * A character device (`/dev/null`, `/dev/full`, a terminal), a FIFO or a socket is a stream like stdout: written
 * in order, never synced (fdatasync fails there with EINVAL), and nothing is created beside it — no checkpoint
 * and no lock file next to `/dev/null`.
 */
import {stat} from 'node:fs/promises'

import {usageError} from '../errors.js'

/** 'stdout' for '-', 'file' for a regular file or a new path, 'stream' for devices, FIFOs and sockets. */
export type OutputKind = 'stdout' | 'file' | 'stream'

export async function outputKind(output: string): Promise<OutputKind> {
  if (output === '-') return 'stdout'
  let stats
  try {
    stats = await stat(output)
  } catch {
    // A path that does not exist becomes a file; any other problem is reported when the file is opened.
    return 'file'
  }

  if (stats.isFile()) return 'file'
  if (stats.isDirectory()) throw usageError(`${output} is a directory`, 'Give a file name with -o, or - for stdout.')
  return 'stream'
}
