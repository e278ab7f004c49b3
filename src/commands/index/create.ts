import {Flags} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {indexArg} from '../../cli/flags.js'
import {painter} from '../../cli/style.js'
import {readCreateBody} from '../../lib/cluster/create-body.js'
import {createIndex, type CreateIndexResult} from '../../lib/cluster/create-index.js'
import {type Flavour, probeServer} from '../../lib/connection/flavour.js'
import {usageError} from '../../lib/errors.js'

export type IndexCreateResult = CreateIndexResult & {flavour: Flavour}

export default class IndexCreate extends AossCommand<typeof IndexCreate> {
  static override summary = 'Create an index, optionally with mappings and settings.'
  // oclif's generated usage renders the two exclusive groups as "[--settings FILE | ]".
  static override usage = '<%= command.id %> NAME [--mappings FILE] [--settings FILE] | [--body FILE|-] [--if-not-exists] [--json] [connection flags]'
  static override description = `Mappings and settings come from JSON files, bare or wrapped as OpenSearch prints them, so the output of "aoss index get" can be fed back with --body.

On OpenSearch Serverless, shard and replica settings (number_of_shards, number_of_replicas…) are managed by the service and refused: they are dropped with a warning instead of failing. Serverless also acknowledges a new index before it accepts writes; the command waits until it does (--no-wait to skip).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> products',
    '<%= config.bin %> <%= command.id %> products-v2 --mappings products-mappings.json --settings products-settings.json',
    '<%= config.bin %> index get inventory | <%= config.bin %> <%= command.id %> inventory-copy --body -',
    '<%= config.bin %> <%= command.id %> inventory --if-not-exists   # idempotent, for scripts',
  ]

  static override args = {
    name: indexArg({description: 'Name of the new index (lower case).', required: true, ignoreStdin: true}),
  }

  static override flags = {
    mappings: Flags.string({summary: 'JSON file with the mappings ({"properties": …}); - reads stdin.', exclusive: ['body'], helpValue: 'FILE'}),
    settings: Flags.string({summary: 'JSON file with index settings; - reads stdin.', exclusive: ['body'], helpValue: 'FILE'}),
    body: Flags.string({summary: 'JSON file with the whole create body (settings, mappings, aliases); - reads stdin.', exclusive: ['mappings', 'settings'], helpValue: 'FILE|-'}),
    'if-not-exists': Flags.boolean({summary: 'Succeed without changes when the index already exists.'}),
    wait: Flags.boolean({summary: 'Serverless: wait until the new index accepts writes.', default: true, allowNo: true}),
    'wait-timeout': Flags.integer({summary: 'Seconds to wait for the index to accept writes.', default: 60, min: 1}),
  }

  async run(): Promise<IndexCreateResult> {
    const {args, flags} = this
    if ([flags.mappings, flags.settings, flags.body].filter((f) => f === '-').length > 1) {
      throw usageError('only one of --mappings, --settings and --body can read stdin (-)')
    }

    const body = await readCreateBody({mappings: flags.mappings, settings: flags.settings, body: flags.body})
    const client = await this.client()
    const {flavour} = await probeServer(client, this.settings())
    const result = await createIndex(client, {
      index: args.name,
      body,
      flavour,
      ifNotExists: flags['if-not-exists'],
      waitWritable: flags.wait,
      waitTimeoutMs: flags['wait-timeout'] * 1000,
      onWaiting: () => this.note(`waiting until ${args.name} accepts writes (OpenSearch Serverless acknowledges a new index first)…`),
    })

    const paint = painter(process.stderr)
    if (result.refusedByFlavour.length > 0) {
      this.note(`${paint('yellow', 'Warning:')} dropped ${result.refusedByFlavour.join(', ')}: OpenSearch Serverless manages shards and replicas itself.`)
    }

    const readOnly = result.droppedSettings.filter((name) => !result.refusedByFlavour.includes(name))
    if (readOnly.length > 0) this.note(paint('dim', `left out read-only settings: ${readOnly.join(', ')}`))
    if (!this.jsonEnabled()) {
      const out = painter(process.stdout)
      this.log(result.created
        ? `${out('green', 'created')} index ${out('bold', result.index)}${result.writableAfterMs === undefined || result.writableAfterMs < 100 ? '' : out('dim', ` (accepting writes after ${(result.writableAfterMs / 1000).toFixed(1)} s)`)}`
        : `index ${out('bold', result.index)} already exists ${out('dim', '(unchanged)')}`)
    }

    return {...result, flavour}
  }
}
