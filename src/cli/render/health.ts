/** `aoss health` for a person: endpoint, flavour, status, cluster or collection facts, then the index table. */
import type {HealthReport} from '../../lib/cluster/health.js'
import {formatCount} from '../format.js'
import {painter} from '../style.js'
import {colourHealth, renderIndexTable} from './indices-table.js'

export function renderHealth(report: HealthReport): string {
  const paint = painter(process.stdout)
  const lines: string[] = []
  const label = (name: string) => paint('dim', name.padEnd(10))
  lines.push(`${label('endpoint')}${report.endpoint}`)
  const flavour = report.flavour === 'serverless' ? 'OpenSearch Serverless' : report.flavour === 'managed' ? 'Amazon OpenSearch Service' : 'self-managed OpenSearch'
  lines.push(`${label('flavour')}${flavour}${report.version ? ` ${report.version}` : ''}  ${paint('dim', `(auth ${report.auth}${report.auth === 'sigv4' ? `, service ${report.service}, ${report.region}` : ''})`)}`)
  lines.push(`${label('status')}${colourHealth(report.status, paint)}  ${paint('dim', `reachable in ${report.latencyMs} ms`)}`)
  if (report.cluster) {
    const c = report.cluster
    lines.push(`${label('cluster')}${c.name ?? '-'}  ${formatCount(c.nodes)} nodes, ${formatCount(c.activeShards)} active shards${c.unassignedShards ? `, ${paint('yellow', `${c.unassignedShards} unassigned`)}` : ''}`)
  }

  if (report.collection) lines.push(`${label('collection')}${report.collection.name ?? report.collection.id} ${report.collection.type ?? ''} ${report.collection.status}`)
  lines.push('')
  lines.push(report.indices.length > 0 ? renderIndexTable(report.indices) : paint('dim', 'no indexes'))
  for (const note of report.notes) lines.push(paint('dim', `note: ${note}`))
  return lines.join('\n')
}
