/** The doctor's checklist for people: ✓ / ✗ / ! / - per line, the evidence, and the fix under what needs one. */
import type {CheckStatus, DoctorReport} from '../../lib/doctor/types.js'
import {painter} from '../style.js'

const MARK: Record<CheckStatus, [string, 'green' | 'red' | 'yellow' | 'dim']> = {
  ok: ['✓', 'green'],
  fail: ['✗', 'red'],
  warn: ['!', 'yellow'],
  skip: ['-', 'dim'],
}

export function renderDoctor(report: DoctorReport, stream: NodeJS.WriteStream): string {
  const paint = painter(stream)
  const lines = [`aoss doctor${report.job ? ` --for ${report.job}` : ''}: ${report.endpoint ?? ''}`]
  let area = ''
  for (const c of report.checks) {
    if (c.area !== area) {
      area = c.area
      lines.push(paint('dim', area))
    }

    const [mark, colour] = MARK[c.status]
    lines.push(`  ${paint(colour, mark)} ${c.evidence}`)
    if (c.fix && c.status !== 'ok') lines.push(`    ${paint('dim', '→')} ${c.fix}`)
  }

  const failed = report.checks.filter((c) => c.status === 'fail').length
  const warned = report.checks.filter((c) => c.status === 'warn').length
  lines.push('', failed === 0
    ? paint('green', `all needed checks passed${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}`)
    : paint('red', `${failed} check${failed > 1 ? 's' : ''} failed (exit ${report.exitCode})`))
  return lines.join('\n')
}
