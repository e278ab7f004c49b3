/**
 * Whether a restore did what was asked: every document of the source written and visible. The report is printed
 * either way; this decides the exit code and says why, with what to do next.
 */
import {AossError} from '../errors.js'
import type {RestoreReport} from './run.js'

export function restoreVerdict(report: RestoreReport): AossError | undefined {
  if (report.complete) return undefined
  const onlyThrottled = report.failed > 0 && report.failed === report.gaveUp
  const missing = report.docs - report.written
  const message = report.failed > 0
    ? `${report.failed} of ${report.docs} documents were not written`
    : report.count && !report.count.matched
      ? `${report.index} shows ${report.count.count} documents after ${Math.round(report.count.waitedMs / 1000)} s, expected at least ${report.count.expected}`
      : `${missing} documents of the source were not written`
  return new AossError(onlyThrottled ? 'THROTTLED' : 'INCOMPLETE', message, {
    hints: [
      ...(report.deadLetter ? [`The documents and reasons are in ${report.deadLetter}; fix the cause and restore that file.`] : []),
      ...(onlyThrottled ? ['Lower --concurrency, raise --max-retries, or raise the collection’s maximum OCU capacity.'] : []),
      ...(report.count && !report.count.matched && report.failed === 0 ? ['OpenSearch Serverless can take a minute to show new documents; check again with aoss count, or raise --count-timeout.'] : []),
    ],
    details: {written: report.written, failed: report.failed, ...(report.deadLetter ? {deadLetter: report.deadLetter} : {})},
  })
}
