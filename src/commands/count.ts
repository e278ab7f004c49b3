import {Args} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {indexTargetArg} from '../cli/flags.js'
import {queryFlags} from '../cli/query-flags.js'
import {countDocuments, type CountResult} from '../lib/documents/count.js'
import {queryInput} from '../lib/documents/query-option.js'

export type {CountResult} from '../lib/documents/count.js'

export default class Count extends AossCommand<typeof Count> {
  static override summary = 'Count the documents in an index, or those matching a query.'
  static override description = 'Prints the number alone, for scripts. QUERY uses the same syntax as "aoss search". On OpenSearch Serverless, counts lag recent writes by up to a minute.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory',
    '<%= config.bin %> <%= command.id %> inventory "red shoes"',
    '<%= config.bin %> <%= command.id %> inventory --lucene "category:footwear AND active:true"',
    '<%= config.bin %> <%= command.id %> inventory --query filter.json',
  ]

  static override args = {
    index: indexTargetArg({description: 'Index name, comma list or pattern.', required: true, ignoreStdin: true}),
    query: Args.string({description: 'A query string; all documents when absent.', ignoreStdin: true}),
  }

  static override flags = queryFlags

  async run(): Promise<CountResult> {
    const query = await queryInput(this.args.query, this.flags.lucene, this.flags.query)
    const result = await countDocuments(await this.client(), {index: this.args.index, ...query})
    if (!this.jsonEnabled()) this.log(String(result.count))
    return result
  }
}
