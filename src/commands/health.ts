import {Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {formatCount} from '../cli/format.js'
import {colourHealth, renderIndexTable} from '../cli/render/indices-table.js'
import {painter} from '../cli/style.js'
import {failsGate, getHealth, type HealthReport, type HealthStatus} from '../lib/cluster/health.js'
import {AossError} from '../lib/errors.js'

export type HealthResult = HealthReport

export default class Health extends AossCommand<typeof Health> {
  static override summary = 'Show reachability, status and every index with its document count and size.'
  static override description = `Works on OpenSearch Serverless (which has no cluster health API and answers 404 on "/"), Amazon OpenSearch Service domains and self-managed clusters. The exit code is non-zero when the endpoint is unreachable or the status is at or below --fail-on.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> -e https://abc123.us-east-1.aoss.amazonaws.com',
    '<%= config.bin %> <%= command.id %> --json | jq ".indices[] | {index, docs}"',
    '<%= config.bin %> <%= command.id %> --fail-on yellow   # CI gate',
  ]

  static override flags = {
    'fail-on': Flags.string({
      summary: 'Exit with code 3 when the status is this bad or worse.',
      options: ['red', 'yellow', 'never'],
      default: 'red',
    }),
    all: Flags.boolean({summary: 'Include hidden and system indexes.'}),
  }

  async run(): Promise<HealthResult> {
    const client = await this.client()
    const report = await getHealth(client, this.settings(), {all: this.flags.all})
    if (!this.jsonEnabled()) this.log(render(report))

    const failOn = this.flags['fail-on'] as HealthStatus | 'never'
    if (failsGate(report.status, failOn)) {
      const error = new AossError('INCOMPLETE', `status is ${report.status} (fails --fail-on ${failOn})`, {
        hints: report.status === 'red' ? ['Some primary shards are unassigned: their documents cannot be read.'] : [],
        details: {status: report.status},
      })
      if (this.jsonEnabled()) {
        // The report is still the most useful thing to print; the exit code carries the verdict.
        this.logJson(report)
        process.exitCode = error.exitCode
        this.exit(error.exitCode)
      }

      throw error
    }

    return report
  }
}

function render(report: HealthReport): string {
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
