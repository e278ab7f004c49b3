/**
 * Ctrl-C, `kill`, `docker stop` or a cancelled CI job: long-running commands turn SIGINT and SIGTERM into an
 * AbortSignal, so the pipeline below can close what it opened (points in time, multipart uploads, checkpoints)
 * and exit with a code that says the work is incomplete.
 */
export interface Interrupt {
  signal: AbortSignal
  dispose(): void
}

export function interruptOnSignals(): Interrupt {
  const controller = new AbortController()
  const abort = () => controller.abort()
  process.once('SIGINT', abort)
  process.once('SIGTERM', abort)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', abort)
      process.off('SIGTERM', abort)
    },
  }
}
