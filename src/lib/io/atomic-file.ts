/**
 * Small files that must never be read half-written (checkpoints): written beside, flushed to disk, then renamed
 * over the old one, so a crash leaves either the old file or the new one.
 */
import {open, rename, rm} from 'node:fs/promises'

export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`
  const handle = await open(tmp, 'w')
  try {
    await handle.writeFile(JSON.stringify(value))
    await handle.datasync()
  } finally {
    await handle.close()
  }

  await rename(tmp, path)
}

/** Removes the file and a temporary one a crash may have left beside it. */
export async function removeAtomicFile(path: string): Promise<void> {
  await rm(path, {force: true})
  await rm(`${path}.tmp`, {force: true})
}
