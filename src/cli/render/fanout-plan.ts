/** `aoss backup --plan` for people: the slices the state machine's Plan step would cut, per index, and the items. */
import type {FanOutSizing} from '../../lib/stepfunctions/sizing.js'
import {formatBytes, formatCount} from '../format.js'

export function renderFanOutPlan(plan: FanOutSizing): string {
  const lines = [`fan-out plan: ${formatCount(plan.docs)} docs in ${formatCount(plan.items)} slice${plan.items === 1 ? '' : 's'} (Distributed Map items), ${Math.min(plan.items, plan.maxConcurrency)} at a time (MaxConcurrency ${plan.maxConcurrency}); nothing was written`]
  for (const entry of plan.indices) {
    lines.push(`  ${entry.index}: ${formatCount(entry.docs)} docs, ${formatBytes(entry.bytes)} stored → ${entry.slices} slice${entry.slices === 1 ? '' : 's'} of ~${formatCount(Math.ceil(entry.docs / entry.slices))} docs`)
  }

  return lines.join('\n')
}
