/** A dry run's plan for people: one block per index, the totals, and what would not be carried. */
import type {CopyPlan} from '../../lib/dryrun/copy-plan.js'
import type {ReadPlan} from '../../lib/dryrun/read-plan.js'
import type {BulkPlan, RestorePlan} from '../../lib/dryrun/restore-plan.js'
import type {TargetPlan} from '../../lib/dryrun/write-target.js'
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

export function renderRestorePlan(plan: RestorePlan): string {
  const {source, bulk} = plan
  const links = source.links && source.links > 1 ? `, an incremental chain of ${source.links} backups` : ''
  return [
    `dry run: restore would write ${formatCount(bulk.docs)} docs in ${formatCount(bulk.requests)} _bulk request${bulk.requests === 1 ? '' : 's'}, at least ${formatDuration(plan.estimateMs)}; nothing was written`,
    `  source: ${source.name} (${source.kind}${links}), ${formatCount(source.docs)} docs${source.storedBytes === undefined ? '' : `, ${formatBytes(source.storedBytes)} stored`}`,
    bulkLine(bulk),
    ...targetLines(plan.target),
    ...plan.notCarried.map((note) => `    not carried: ${note}`),
    `  estimate: ${plan.estimateBasis}`,
  ].join('\n')
}

export function renderCopyPlan(plan: CopyPlan): string {
  const read = plan.read.indices[0]
  return [
    `dry run: copy would read ${formatCount(plan.read.docs)} docs and write them in about ${formatCount(plan.bulk.requests)} _bulk request${plan.bulk.requests === 1 ? '' : 's'}, about ${formatDuration(plan.estimateMs)}; nothing was written`,
    ...(read ? [`  source ${read.index}: ${formatCount(read.docs)} docs, ${formatBytes(read.bytes)} stored; ${formatCount(read.pages)} pages over ${read.slices} slice${read.slices > 1 ? 's' : ''} (${read.strategy}), ${formatCount(read.requests)} requests, ~${formatDuration(read.estimateMs)} (probe: ${read.probe.pages} pages in ${formatDuration(read.probe.ms)})`] : []),
    ...(read?.notCarried ?? []).map((note) => `    not carried: ${note}`),
    bulkLine(plan.bulk),
    ...targetLines(plan.target),
    ...plan.target.notCarried.map((note) => `    not carried: ${note}`),
    `  estimate: ${plan.estimateBasis}`,
  ].join('\n')
}

function bulkLine(bulk: BulkPlan): string {
  return `  _bulk: ${formatCount(bulk.requests)} request${bulk.requests === 1 ? '' : 's'} of at most ${formatBytes(bulk.batchBytes)} / ${formatCount(bulk.batchDocs)} docs, ${formatBytes(bulk.bytes)} in all, ${bulk.concurrency} in flight`
}

function targetLines(target: TargetPlan): string[] {
  const state = {write: 'exists; documents are written into it', create: 'does not exist; --create-index creates it', dynamic: 'does not exist', blocked: 'exists'}[target.action]
  const type = target.collectionType ? ` ${target.collectionType} collection` : ''
  return [`  target ${target.index} (${target.flavour}${type}): ${state}; ids ${target.ids}`]
}
