/** Human views of backup runs, listings and verifications. */
import type {BackupResult} from '../../lib/backup/pipeline.js'
import type {BackupSummary, VerifyReport} from '../../lib/backup/store.js'
import {formatBytes, formatCount, formatDuration} from '../format.js'
import {painter} from '../style.js'
import {type Column, renderTable} from './table.js'
import {visibleLength} from './wrap.js'

export function renderBackupResult(result: Omit<BackupResult, 'checkpoint'>, stream: NodeJS.WriteStream): string {
  const paint = painter(stream)
  const where = `s3://${result.bucket}/${result.prefix}`
  const lines = [
    `${paint('green', 'backed up')} ${formatCount(result.docs)} documents (${formatBytes(result.bytes)} gzip) from ${result.indices.length} index${result.indices.length === 1 ? '' : 'es'} to ${where} in ${formatDuration(result.durationMs)} (${formatCount(result.docsPerSecond)} docs/s)`,
  ]
  for (const entry of result.indices) {
    lines.push(`  ${entry.index.padEnd(24)} ${formatCount(entry.docs).padStart(12)} docs ${formatBytes(entry.bytes).padStart(10)}  ${String(entry.chunks).padStart(3)} chunk${entry.chunks === 1 ? ' ' : 's'}  ${paint('dim', entry.manifest ?? entry.location)}`)
    if (entry.slices?.settled !== undefined) lines.push(`    ${paint('dim', slicesSettled(entry.slices.settled, entry.slices.count))}`)
    if (entry.chain) {
      lines.push(entry.chain.depth === 0
        ? `    a full backup that starts a chain on ${entry.chain.field}`
        : `    incremental #${entry.chain.depth}: documents with ${entry.chain.field} ≥ ${entry.chain.since ?? 'the start'}, after ${entry.chain.parent ?? 'its parent'}`)
    }
  }

  for (const warning of result.warnings) lines.push(`${paint('yellow', 'warning:')} ${warning}`)
  return lines.join('\n')
}

export function renderBackupList(backups: BackupSummary[], stream: NodeJS.WriteStream): string {
  const paint = painter(stream)
  if (backups.length === 0) return paint('dim', 'no backups')
  const columns: Column[] = [
    {header: 'index'},
    {header: 'started (UTC)'},
    {header: 'docs', align: 'right'},
    {header: 'size', align: 'right'},
    {header: 'chunks', align: 'right'},
    {header: 'state'},
    {header: 'chain'},
    {header: 'location'},
  ]
  const rows = backups.map((b) => {
    const state = b.complete ? 'complete' : b.problem ? 'bad manifest' : b.checkpoint ? 'in progress' : 'incomplete'
    return [
      b.index,
      b.startedAt.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
      b.docs === undefined ? '-' : formatCount(b.docs),
      formatBytes(b.bytes),
      String(b.chunks),
      state === 'complete' ? paint('green', state) : paint('yellow', state),
      // 'full' starts a chain; '+n' is the n-th incremental after it.
      b.chain ? (b.chain.depth === 0 ? `full (${b.chain.field})` : `+${b.chain.depth}`) : '-',
      b.location,
    ]
  })
  const table = renderTable(columns, rows, stream)
  const width = stream.columns
  if (!width || table.split('\n').every((line) => visibleLength(line) <= width)) return table
  // Too wide for the terminal, which would fold the location mid-URL: each location goes on its own line under
  // its row, whole, so it can be copied.
  const [header, ...lines] = renderTable(columns.slice(0, -1), rows.map((row) => row.slice(0, -1)), stream).split('\n')
  return [header, ...lines.flatMap((line, i) => [line, `  ${paint('dim', rows[i].at(-1) as string)}`])].join('\n')
}

export function renderVerify(report: VerifyReport, stream: NodeJS.WriteStream): string {
  const paint = painter(stream)
  const lines: string[] = []
  for (const check of report.chunks) {
    if (check.ok) continue
    const why = check.problem === 'missing'
      ? 'missing'
      : check.problem === 'size'
        ? `size ${check.bytes} ≠ ${check.expectedBytes}`
        : check.problem === 'sha256'
          ? `sha256 ${check.sha256?.slice(0, 12)}… ≠ ${check.expectedSha256.slice(0, 12)}…`
          : `unreadable: ${check.detail ?? ''}`
    lines.push(`${paint('red', 'bad')} ${check.key}: ${why}`)
  }

  const summary = report.ok
    ? `${paint('green', 'ok')} ${report.index}: ${report.chunks.length} chunk${report.chunks.length === 1 ? '' : 's'}, ${formatCount(report.docs)} docs, ${formatBytes(report.bytes)}: every chunk present, sizes and sha256 match`
    : `${paint('red', 'failed')} ${report.index}: ${report.failed} of ${report.chunks.length} chunks missing or damaged`
  lines.push(summary)
  return lines.join('\n')
}

/** `--slices auto`: what the adaptive limit settled on, of the slices the snapshot was cut into. */
export function slicesSettled(settled: number, count: number): string {
  return `slices auto: settled on ${settled} at once of ${count}`
}
