/** What `aoss restore` shows people at the end (its progress line is the shared one, progress.ts). */
import type {RestoreReport} from '../../lib/restore/run.js'
import {formatBytes, formatCount, formatDuration, plural} from '../format.js'
import {painter} from '../style.js'

/** Rewrites one stderr line at most four times a second; silent when stderr is not a terminal. */
export function renderRestoreReport(report: RestoreReport, stream: NodeJS.WriteStream = process.stdout): string {
  const paint = painter(stream)
  const label = (name: string) => paint('dim', name.padEnd(10))
  const lines: string[] = []
  const kind = report.source.kind === 'backup' ? 'backup ' : report.source.producer === 'elasticdump' ? 'elasticdump file ' : ''
  lines.push(`${label('restored')}${kind}${report.source.name} → ${report.index}${report.created ? ' (created)' : ''}`)
  const verify = report.verify.checked === 'chunks'
    ? `${report.verify.chunks} ${report.verify.chunks === 1 ? 'chunk' : 'chunks'}, sha256 ok`
    : report.verify.checked === 'file' ? `${formatCount(report.verify.docs)} documents read, file intact` : report.source.kind === 'stdin' ? 'checked as it streamed (stdin cannot be read twice)' : 'not verified (--skip-verify)'
  lines.push(`${label('verified')}${verify}`)
  const rate = `${formatCount(report.docsPerSecond)} ${report.docsPerSecond === 1 ? 'doc' : 'docs'}/s`
  lines.push(`${label('written')}${formatCount(report.written)} of ${formatCount(report.docs)} in ${formatDuration(report.elapsedMs)}  ${paint('dim', `(${rate}, ${plural(report.requests, 'request')}, ${formatBytes(report.bytes)})`)}`)
  if (report.retried > 0) lines.push(`${label('retried')}${formatCount(report.retried)} items (${formatCount(report.throttled)} throttled)`)
  if (report.failed > 0) {
    const why = [report.rejected ? `${formatCount(report.rejected)} refused` : '', report.gaveUp ? `${formatCount(report.gaveUp)} out of retries` : ''].filter(Boolean).join(', ')
    lines.push(`${label('failed')}${paint('red', formatCount(report.failed))} (${why}) → ${report.deadLetter ?? 'dead letter'}`)
  }

  if (report.idsDropped) lines.push(`${label('ids')}${paint('yellow', 'not kept: the server generated new ones (a re-run duplicates)')}`)
  if (report.count) {
    const c = report.count
    const verdict = c.matched ? paint('green', 'ok') : paint('red', `expected at least ${formatCount(c.expected)}`)
    lines.push(`${label('count')}${formatCount(c.count)} in ${report.index}  ${verdict}${c.waitedMs >= 1000 ? paint('dim', ` (visible after ${formatDuration(c.waitedMs)})`) : ''}`)
  }

  return lines.join('\n')
}
