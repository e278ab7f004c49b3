/**
 * One progress reporter for long runs (export, backup, restore): a cli-progress bar on stderr when stderr is a
 * terminal, nothing otherwise (pipes, CI logs, --quiet, --json). cli-progress is loaded only when a bar is drawn.
 */
import {formatBytes} from './format.js'

export interface ProgressReporter {
  /** `total` (when known) enables the percentage and the ETA. */
  start(total?: number): void
  /** `done` items so far; `extra.bytes` is shown as a size. */
  update(done: number, extra?: {bytes?: number}): void
  stop(): void
}

export interface ProgressOptions {
  /** What is counted, e.g. 'docs'. */
  unit: string
  /** Silence the bar even on a terminal. */
  quiet?: boolean
  stream?: NodeJS.WriteStream
}

const silent: ProgressReporter = {start() {}, update() {}, stop() {}}

export async function createProgress(options: ProgressOptions): Promise<ProgressReporter> {
  const stream = options.stream ?? process.stderr
  if (options.quiet || !stream.isTTY) return silent
  const {default: cliProgress} = await import('cli-progress')
  const unit = options.unit
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined
  let startedAt = 0
  let known = false
  const payload = (done: number, bytes?: number) => {
    const seconds = (performance.now() - startedAt) / 1000
    return {rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '0', size: formatBytes(bytes ?? 0)}
  }

  return {
    start(total) {
      known = total !== undefined && total > 0
      const format = known
        ? `{bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | {size} | ETA {eta_formatted}`
        : `{value} ${unit} | {rate} ${unit}/s | {size}`
      bar = new cliProgress.SingleBar(
        {stream, format, hideCursor: true, clearOnComplete: false, etaBuffer: 50, fps: 5, formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? v.toLocaleString('en-US') : String(v))},
        cliProgress.Presets.shades_classic,
      )
      startedAt = performance.now()
      bar.start(known ? (total as number) : 0, 0, payload(0))
    },
    update(done, extra) {
      bar?.update(done, payload(done, extra?.bytes))
    },
    stop() {
      bar?.stop()
      bar = undefined
    },
  }
}

/** A bar per index for runs over several (backup): the bar restarts with each index's own total. */
export function perIndexProgress(progress: ProgressReporter): (event: {index: string, docs: number, expected?: number, bytes?: number}) => void {
  let current: string | undefined
  return (event) => {
    if (event.index !== current) {
      progress.stop()
      current = event.index
      progress.start(event.expected)
    }

    progress.update(event.docs, {bytes: event.bytes})
  }
}

/** Progress of a read that may resume: notes first, then the bar from where the earlier run stopped. */
export function readProgress(progress: ProgressReporter, note: (message: string) => void) {
  return {
    onStart(start: {notes: string[], expected?: number, resumedDocs: number}) {
      for (const message of start.notes) note(message)
      progress.start(start.expected)
      progress.update(start.resumedDocs)
    },
    onProgress(p: {docs: number, bytes?: number}) {
      progress.update(p.docs, {bytes: p.bytes})
    },
  }
}
