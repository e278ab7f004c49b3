import {Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {renderHealth} from '../cli/render/health.js'
import {getHealth, type HealthReport, type HealthStatus, healthVerdict} from '../lib/cluster/health.js'

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
    if (!this.jsonEnabled()) this.log(renderHealth(report))

    const failure = healthVerdict(report, this.flags['fail-on'] as HealthStatus | 'never')
    if (failure) this.failWithReport(report, failure)

    return report
  }
}
