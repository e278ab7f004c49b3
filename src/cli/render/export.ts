/** An export's summary: one line on stderr for a person, JSON in a --report file for a machine. */
import {writeFile} from 'node:fs/promises'

import type {ExportSummary} from '../../lib/read/export.js'
import {formatBytes, formatCount, formatDuration} from '../format.js'

export function renderExportSummary(s: ExportSummary): string {
  const target = s.output === 'stdout' ? 'stdout' : s.output
  const sliced = s.adaptive ? ` × ${s.slices} slices, settled on ${s.adaptive.limit} at once` : s.slices > 1 ? ` × ${s.slices} slices` : ''
  const how = `${s.strategy}${sliced}, tiebreaker ${s.tiebreaker}`
  const resumed = s.resumed ? ' (resumed)' : ''
  return `exported ${formatCount(s.docs)} of ${formatCount(s.expected)} docs${resumed} from ${s.index} to ${target}: ${formatBytes(s.bytes)} in ${formatDuration(s.durationMs)}, ${formatCount(s.docsPerSecond)} docs/s (${how})`
}

export async function writeReportFile(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`)
}
