/** A dry run's plan for people: one block per index, the totals, and what would not be carried. */
import type {ReadPlan} from '../../lib/dryrun/read-plan.js'
import {formatBytes, formatCount, formatDuration} from '../format.js'

export function renderReadPlan(job: 'export' | 'backup', plan: ReadPlan): string {
  const lines = [`dry run: ${job} would read ${formatCount(plan.docs)} docs in ${formatCount(plan.requests)} requests, about ${formatDuration(plan.estimateMs)}; nothing was written`]
  for (const p of plan.indices) {
    lines.push(`  ${p.index}: ${formatCount(p.docs)} docs, ${formatBytes(p.bytes)} stored; ${formatCount(p.pages)} pages over ${p.slices} slice${p.slices > 1 ? 's' : ''} (${p.strategy}), ${formatCount(p.requests)} requests, ~${formatDuration(p.estimateMs)} (probe: ${p.probe.pages} pages in ${formatDuration(p.probe.ms)})`)
    if (p.s3) lines.push(`    S3: ${formatCount(p.s3.objects)} objects (chunks + manifest), ~${formatBytes(p.s3.bytes)} gzip (${Math.round(p.s3.compression * 100)}% of the NDJSON)`)
    for (const note of p.notCarried) lines.push(`    not carried: ${note}`)
  }

  return lines.join('\n')
}
