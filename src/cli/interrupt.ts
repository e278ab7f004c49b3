/**
 * Ctrl-C, `kill`, `docker stop` or a cancelled CI job: SIGINT and SIGTERM become one AbortSignal per process,
 * shared by the base command (whose clients abandon requests in flight when it aborts, connection/
 * guarded-connection.ts) and by long-running commands, whose pipelines close what they opened (points in time,
 * multipart uploads, checkpoints) and exit with a code that says the work is incomplete.
 *
 * Stopping must not depend on every layer noticing: a second signal exits at once, and so does a command still
 * running `GRACE_MS` after the first one (or the longer grace a command asked for). Both are safe for resumable work, whose checkpoints describe only data
 * already flushed (the same reason kill -9 is).
 */
import {ExitCode, type ExitCodeValue} from '../lib/errors.js'

export interface Interrupt {
  signal: AbortSignal
  /** The signal that arrived, once one did. */
  readonly received: NodeJS.Signals | undefined
  /** Lets the command take up to `ms` to stop after the first signal (writes in flight finishing), not GRACE_MS. */
  allowGrace(ms: number): void
  dispose(): void
}

/** How long a command may take to stop cleanly after the first signal. */
export const GRACE_MS = 5000

interface Shared {
  controller: AbortController
  users: number
  exitCode: ExitCodeValue
  graceMs: number
  received?: NodeJS.Signals
  onSignal(name: NodeJS.Signals): void
}

let shared: Shared | undefined

/**
 * @param exitCode how the process ends when it has to be stopped without the command's help: 3 (incomplete) for
 *   resumable work, else 130.
 */
export function interruptOnSignals(exitCode?: ExitCodeValue): Interrupt {
  const current = shared ?? install()
  current.users++
  if (exitCode !== undefined) current.exitCode = exitCode
  let disposed = false
  return {
    signal: current.controller.signal,
    get received() {
      return current.received
    },
    allowGrace(ms) {
      current.graceMs = Math.max(current.graceMs, ms)
    },
    dispose() {
      if (disposed) return
      disposed = true
      current.users--
      if (current.users > 0) return
      process.off('SIGINT', current.onSignal)
      process.off('SIGTERM', current.onSignal)
      if (shared === current) shared = undefined
    },
  }
}

function install(): Shared {
  const current: Shared = {
    controller: new AbortController(),
    users: 0,
    exitCode: ExitCode.interrupted,
    graceMs: GRACE_MS,
    onSignal(name) {
      if (current.controller.signal.aborted) stopNow(`${name} again`, current.exitCode)
      current.received = name
      current.controller.abort()
      const grace = current.graceMs
      setTimeout(() => stopNow(`still stopping ${Math.round(grace / 1000)} s after ${name}`, current.exitCode), grace).unref()
    },
  }
  shared = current
  process.on('SIGINT', current.onSignal)
  process.on('SIGTERM', current.onSignal)
  return current
}

function stopNow(why: string, exitCode: ExitCodeValue): never {
  process.stderr.write(`Error: interrupted (${why})\n`)
  process.exit(exitCode)
}
