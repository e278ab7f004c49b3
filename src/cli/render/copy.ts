/** What `aoss copy` shows people: a progress line with both rates while it runs (stderr), the summary at the end. */
import type {CopyProgress, CopyReport} from '../../lib/copy/run.js'
import {formatBytes, formatCount, formatDuration} from '../format.js'
import {painter} from '../style.js'

/** Rewrites one stderr line at most four times a second; silent when stderr is not a terminal. */
export function copyProgressLine(stream: NodeJS.WriteStream = process.stderr): {update: (p: CopyProgress) => void, done: () => void} {
  let last = 0
  let shown = false
  return {
    update(p) {
      if (!stream.isTTY) return
      const now = Date.now()
      if (now - last < 250) return
      last = now
      shown = true
      const of = p.expected === undefined ? '' : ` / ${formatCount(p.expected)}`
      const extra = [p.retried ? `${formatCount(p.retried)} retried` : '', p.deadLettered ? `${formatCount(p.deadLettered)} refused` : ''].filter(Boolean).join(', ')
      stream.write(`\r\u001B[2Kread ${formatCount(p.read)}${of} (${formatCount(p.readPerSecond)}/s)  written ${formatCount(p.written)} (${formatCount(p.writtenPerSecond)}/s, ${p.concurrency} in flight)${extra ? `  ${extra}` : ''}`)
    },
    done() {
      if (shown) stream.write('\r\u001B[2K')
    },
  }
}

export function renderCopyReport(report: CopyReport, stream: NodeJS.WriteStream = process.stdout): string {
  const paint = painter(stream)
  const label = (name: string) => paint('dim', name.padEnd(10))
  const a = report.adaptive
  const lines = [
    `${label('copied')}${report.source.index} (${report.source.flavour}) → ${report.target.index} (${report.target.flavour})${report.created ? ' (created)' : ''}${report.resumed ? ' (resumed)' : ''}`,
    `${label('read')}${formatCount(report.read)}${report.expected === undefined ? '' : ` of ${formatCount(report.expected)}`} in ${formatDuration(report.elapsedMs)}  ${paint('dim', `(${formatCount(report.readPerSecond)} docs/s, ${report.strategy}${report.slices > 1 ? ` × ${report.slices} slices` : ''}${report.slicesSettled === undefined ? '' : `, settled on ${report.slicesSettled} at once`})`)}`,
    `${label('written')}${formatCount(report.written)}  ${paint('dim', `(${formatCount(report.writtenPerSecond)} docs/s)`)}${report.resumedDocs ? paint('dim', ` + ${formatCount(report.resumedDocs)} by earlier runs`) : ''}`,
  ]
  if (report.retried > 0) lines.push(`${label('retried')}${formatCount(report.retried)} items (${formatCount(report.throttled)} throttled); in flight ${a.lowestConcurrency}…${a.concurrency}, batches down to ${formatBytes(a.lowestBatchBytes)}`)
  if (report.deadLettered > 0) lines.push(`${label('refused')}${paint('red', formatCount(report.deadLettered))} → ${report.deadLetter ?? 'dead letter'}`)
  if (report.idsDropped) lines.push(`${label('ids')}${paint('yellow', `assigned by the target${report.idField ? `; source ids in ${report.idField}` : ' (a re-run duplicates)'}`)}`)
  return lines.join('\n')
}
