import {Flags} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {indexTargetArg} from '../../cli/flags.js'
import {renderIndexTable} from '../../cli/render/indices-table.js'
import {painter} from '../../cli/style.js'
import {type IndexRow, listIndices} from '../../lib/cluster/indices.js'

export interface IndexListResult {
  indices: IndexRow[]
}

export default class IndexList extends AossCommand<typeof IndexList> {
  static override summary = 'List indexes with their document counts and sizes.'
  static override description = 'The same table as "aoss health", without the cluster checks. Counts on OpenSearch Serverless lag recent writes by up to a minute.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> "inv*"',
    '<%= config.bin %> <%= command.id %> --json | jq -r ".indices[].index"',
  ]

  static override args = {
    pattern: indexTargetArg({description: 'Index name, comma list or wildcard pattern (default: all).', ignoreStdin: true}),
  }

  static override flags = {
    all: Flags.boolean({summary: 'Include hidden and system indexes (names starting with a dot).'}),
  }

  async run(): Promise<IndexListResult> {
    const indices = await listIndices(await this.client(), {pattern: this.args.pattern, all: this.flags.all})
    if (!this.jsonEnabled()) this.log(indices.length > 0 ? renderIndexTable(indices) : painter(process.stdout)('dim', 'no indexes'))
    return {indices}
  }
}
