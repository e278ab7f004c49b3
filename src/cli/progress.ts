/**
 * One progress reporter for long runs (export, backup, restore): one line on stderr, redrawn in place, when stderr
 * is a terminal; nothing otherwise (pipes, CI logs, --quiet, --json). The line is sized to the terminal on every
 * draw (progress-line.ts), so a narrow window loses the bar, never the rate or the ETA.
 */
import {progressText} from './progress-line.js'

export interface ProgressStart {
  /** A name in front of the line (the index, when a run covers several). */
  label?: string
  /** Items already done by an earlier run (--resume): shown, but not counted in this run's rate. */
  baseline?: number
}

export interface ProgressReporter {
  /** `total` (when known) enables the bar, the percentage and the ETA. */
  start(total?: number, options?: ProgressStart): void
  /** `done` items so far; `extra.bytes` is shown as a size. */
  update(done: number, extra?: {bytes?: number}): void
  /** What a silent phase is doing (counting, opening a point in time, verifying a file): replaced by the bar. */
  status(message: string): void
  /** Prints something else on stderr (a note, a warning) above the line, then redraws the line. */
  above(print: () => void): void
  stop(): void
}

export interface ProgressOptions {
  /** What is counted, e.g. 'docs'. */
  unit: string
  /** Words after the size, e.g. 'gzip' when it is what S3 stores (as the summary says). */
  sizeLabel?: string
  /** Silence the line even on a terminal. */
  quiet?: boolean
  stream?: NodeJS.WriteStream
  /** Milliseconds; injectable for tests. */
  now?: () => number
}

const silent: ProgressReporter = {start() {}, update() {}, status() {}, above: (print) => print(), stop() {}}

/** Redraws at most this often: faster only costs CPU and flicker. */
const REDRAW_MS = 200
/** Before this much time has passed, a rate (and the ETA from it) is noise. */
const SETTLE_MS = 1000
/** A pty that reports no size (some CI runners, `script` without stty) still gets a line. */
const FALLBACK_COLUMNS = 80

export function createProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr
  if (options.quiet || !stream.isTTY) return silent
  const now = options.now ?? (() => performance.now())
  const columns = () => (stream.columns && stream.columns > 0 ? stream.columns : FALLBACK_COLUMNS)
  let run: {total?: number, label?: string, baseline: number, startedAt: number, done: number, bytes?: number} | undefined
  let lastDraw = -Infinity
  let shown = false

  const draw = (force: boolean) => {
    if (!run) return
    const at = now()
    if (!force && at - lastDraw < REDRAW_MS) return
    lastDraw = at
    const elapsed = at - run.startedAt
    const own = run.done - run.baseline
    const rate = elapsed >= SETTLE_MS ? own / (elapsed / 1000) : undefined
    const left = run.total === undefined ? undefined : run.total - run.done
    const etaSeconds = rate && rate > 0 && left !== undefined && left > 0 ? left / rate : undefined
    const text = progressText({done: run.done, total: run.total, rate, bytes: run.bytes, sizeLabel: options.sizeLabel, etaSeconds, label: run.label, unit: options.unit}, columns())
    stream.write(`\r\u001B[2K${text}`)
    shown = true
  }

  return {
    start(total, start = {}) {
      if (run) this.stop()
      run = {total: total !== undefined && total > 0 ? total : undefined, label: start.label, baseline: start.baseline ?? 0, startedAt: now(), done: start.baseline ?? 0}
      draw(true)
    },
    update(done, extra) {
      if (!run) return
      run.done = done
      if (extra?.bytes !== undefined) run.bytes = extra.bytes
      draw(false)
    },
    status(message) {
      if (run) return
      stream.write(`\r\u001B[2K${message.slice(0, columns() - 1)}`)
      shown = true
    },
    above(print) {
      if (shown) stream.write('\r\u001B[2K')
      shown = false
      print()
      draw(true)
    },
    stop() {
      if (run) {
        draw(true)
        stream.write('\n')
        shown = false
      } else if (shown) {
        stream.write('\r\u001B[2K')
        shown = false
      }

      run = undefined
    },
  }
}

/** A line per index for runs over several (backup): it restarts with each index's own total and name. */
export function perIndexProgress(progress: ProgressReporter, several: boolean): (event: {index: string, docs: number, expected?: number, bytes?: number}) => void {
  let current: string | undefined
  return (event) => {
    if (event.index !== current) {
      progress.stop()
      current = event.index
      progress.start(event.expected, several ? {label: event.index} : {})
    }

    progress.update(event.docs, {bytes: event.bytes})
  }
}

/** Progress of a read that may resume: notes first, then the line from where the earlier run stopped. */
export function readProgress(progress: ProgressReporter, note: (message: string) => void) {
  return {
    onStart(start: {notes: string[], expected?: number, resumedDocs: number}) {
      progress.status('')
      for (const message of start.notes) note(message)
      progress.start(start.expected, {baseline: start.resumedDocs})
    },
    onProgress(p: {docs: number, bytes?: number}) {
      progress.update(p.docs, {bytes: p.bytes})
    },
  }
}
