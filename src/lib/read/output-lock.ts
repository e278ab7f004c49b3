/**
 * One writer per export file. Two exports into the same file (with --force, --resume or a different --format)
 * would interleave their bytes and their checkpoints into a corrupt file that both report as complete, so the
 * whole run — checkpoint read, truncation, every write, the final checkpoint removal — holds a lock file beside
 * the output, `FILE.aoss-lock`, created with O_EXCL and holding the owner's pid, host and start time.
 *
 * Plain files rather than flock(): no native module, and the same on Linux and macOS. The lock goes away when
 * the run ends (success, error, Ctrl-C, SIGTERM; a synchronous removal at process exit is the last resort).
 * After `kill -9` it stays behind; a lock whose process is gone on this host is stale and taken over with a note.
 * A lock from another host (a shared network folder) cannot be checked and is never taken over.
 */
import {randomUUID} from 'node:crypto'
import {readFileSync, unlinkSync} from 'node:fs'
import {open, readFile, realpath, stat, unlink} from 'node:fs/promises'
import {hostname} from 'node:os'
import {basename, dirname, join} from 'node:path'

import {usageError} from '../errors.js'

/** What the lock file holds. */
export interface LockOwner {
  pid: number
  host: string
  startedAt: string
  /** Tells this run's lock from another one's with the same pid (a reused pid, a second export in one process). */
  token: string
}

export interface OutputLock {
  readonly path: string
  /** A note for the user when a stale lock was taken over. */
  readonly note?: string
  release(): Promise<void>
}

/** A lock file that cannot be read as JSON this long after it was made was left by a crash while being written. */
const HALF_WRITTEN_MS = 10_000

export function lockPathOf(output: string): string {
  return `${output}.aoss-lock`
}

/**
 * Takes the lock for `output`, or refuses (exit 2) naming the export that holds it. `--force` does not override
 * a live lock: starting over under a running export is exactly the corruption the lock prevents.
 */
export async function lockOutput(output: string): Promise<OutputLock> {
  // The same file reached through a symlink or another relative path must find the same lock.
  const path = lockPathOf(await canonical(output))
  const me: LockOwner = {pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), token: randomUUID()}
  let note: string | undefined
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(path, output, me)) return held(path, me, note)
    const holder = await readOwner(path)
    if (holder === 'gone') continue
    const stale = await isStale(path, holder)
    if (!stale) throw refusal(output, path, holder)
    // Remove only the lock we judged stale: if another run took it over meanwhile, its lock is left alone.
    if (JSON.stringify(await readOwner(path)) !== JSON.stringify(holder)) continue
    await unlink(path).catch(() => {})
    note = holder === 'unreadable'
      ? `took over ${path}, left half-written by an export that crashed`
      : `took over ${path} from an export that no longer runs (pid ${holder.pid}, started ${holder.startedAt})`
  }

  throw usageError(`cannot take the lock ${path}: other exports keep taking it`, 'Check which exports write to this file.')
}

async function canonical(output: string): Promise<string> {
  try {
    return await realpath(output)
  } catch {
    try {
      return join(await realpath(dirname(output)), basename(output))
    } catch {
      return output
    }
  }
}

async function create(path: string, output: string, owner: LockOwner): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // Said of the output: a missing or read-only folder is the user's problem with -o, not with our lock file.
    throw usageError(`cannot open ${output}: ${code ?? (error as Error).message}`, 'Check the path and its permissions; the folder must be writable.')
  }

  try {
    await handle.writeFile(JSON.stringify(owner))
  } finally {
    await handle.close()
  }

  return true
}

async function readOwner(path: string): Promise<LockOwner | 'gone' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    return 'unreadable'
  }

  try {
    const owner = JSON.parse(text) as LockOwner
    return typeof owner.pid === 'number' ? owner : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

async function isStale(path: string, holder: LockOwner | 'unreadable'): Promise<boolean> {
  if (holder === 'unreadable') {
    // Just created and not yet written by its owner, or left empty by a crash: only age tells them apart.
    const made = await stat(path).then((s) => s.mtimeMs, () => 0)
    return Date.now() - made > HALF_WRITTEN_MS
  }

  if (holder.host !== hostname()) return false
  return !processAlive(holder.pid)
}

/** Signal 0 checks for a process without touching it; EPERM means it exists under another user. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function refusal(output: string, path: string, holder: LockOwner | 'unreadable') {
  if (holder === 'unreadable') {
    return usageError(`another export is starting to write to ${output} (lock ${path})`, `Wait for it; if none runs, delete ${path}.`)
  }

  const where = holder.host === hostname() ? '' : ` on ${holder.host}`
  return usageError(
    `another export is writing to ${output}: pid ${holder.pid}${where}, started ${holder.startedAt}`,
    'Wait for it to finish or stop it first; --force does not override a running export.',
    `If no export is running, delete ${path}.`,
  )
}

function held(path: string, me: LockOwner, note: string | undefined): OutputLock {
  // Last resort for exits that skip release() (process.exit from elsewhere); Ctrl-C and errors release normally.
  const onExit = () => {
    try {
      if ((JSON.parse(readFileSync(path, 'utf8')) as LockOwner).token === me.token) unlinkSync(path)
    } catch {
      // Already gone, or taken over: nothing of ours to remove.
    }
  }

  process.once('exit', onExit)
  let released = false
  return {
    path,
    note,
    async release() {
      if (released) return
      released = true
      process.off('exit', onExit)
      // Remove it only while it is still ours; a lock someone deleted and another run re-took stays.
      const owner = await readOwner(path)
      if (owner !== 'gone' && owner !== 'unreadable' && owner.token === me.token) await unlink(path).catch(() => {})
    },
  }
}
