import {Flags} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {indexTargetArg} from '../../cli/flags.js'
import {getIndex} from '../../lib/cluster/get-index.js'

/** Keyed by index name, as OpenSearch prints `GET <index>`. */
export type IndexGetResult = Record<string, Record<string, unknown>>

export default class IndexGet extends AossCommand<typeof IndexGet> {
  static override summary = "Print an index's mappings, settings and aliases as JSON."
  static override description = 'The output has the shape of OpenSearch\'s GET <index>, so it can be saved and passed to "aoss index create --body" to make a copy (read-only settings are left out there).'
  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory',
    '<%= config.bin %> <%= command.id %> inventory --only mappings',
    '<%= config.bin %> <%= command.id %> inventory > inventory.json && <%= config.bin %> index create inventory-v2 --body inventory.json',
  ]

  static override args = {
    name: indexTargetArg({description: 'Index name, alias or pattern.', required: true, ignoreStdin: true}),
  }

  static override flags = {
    only: Flags.string({summary: 'Print only this part.', options: ['mappings', 'settings', 'aliases']}),
  }

  async run(): Promise<IndexGetResult> {
    const definitions = await getIndex(await this.client(), this.args.name)
    const only = this.flags.only as 'mappings' | 'settings' | 'aliases' | undefined
    const result: IndexGetResult = {}
    for (const {name, ...parts} of definitions) result[name] = only ? {[only]: parts[only]} : parts
    if (!this.jsonEnabled()) this.log(JSON.stringify(result, null, 2))
    return result
  }
}
