import {Flags} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {indexArg} from '../../cli/flags.js'
import {documentFromForm} from '../../cli/form-prompt.js'
import {hasTerminal} from '../../cli/interactive.js'
import {painter} from '../../cli/style.js'
import {readDocument} from '../../lib/io/json-input.js'
import {type CollectionType, putDocument, type PutDocumentResult} from '../../lib/documents/put.js'
import {usageError} from '../../lib/errors.js'

export type DocPutResult = PutDocumentResult

export default class DocPut extends AossCommand<typeof DocPut> {
  static override summary = 'Write one document, from JSON or through a form built from the index mapping.'
  static override description = `The document comes from --data, --file, piped stdin, or --interactive: a form with one question per mapped field, in mapping order (each answer checked when you press Enter: numbers, ISO 8601 dates, addresses; booleans and keyword fields with few values as a list that starts with "(leave empty)" on optional fields, objects grouped, arrays as comma lists). Empty answers leave optional fields out; fields listed in the mapping's _meta.required are marked and must be filled. The form shows the JSON, then sends it, lets you edit a field, or cancels; Ctrl-C leaves nothing written.

Without --id the server assigns the id. OpenSearch Serverless time-series and vector search collections refuse custom ids; the refusal is reported in one line, or up front with --collection-type.`

  static override examples = [
    `<%= config.bin %> <%= command.id %> inventory --data '{"name": "Red running shoes", "price": 59.9}'`,
    '<%= config.bin %> <%= command.id %> inventory --interactive',
    '<%= config.bin %> <%= command.id %> inventory --id SKU-00099999 --file shoe.json',
    'cat shoe.json | <%= config.bin %> <%= command.id %> inventory',
  ]

  static override args = {
    index: indexArg({description: 'The index to write to.', required: true, ignoreStdin: true}),
  }

  static override flags = {
    data: Flags.string({char: 'd', summary: 'The document as inline JSON.', exclusive: ['file', 'interactive'], helpValue: 'JSON'}),
    file: Flags.string({char: 'f', summary: 'A file holding the document as JSON; - reads stdin.', exclusive: ['data', 'interactive'], helpValue: 'FILE|-'}),
    interactive: Flags.boolean({char: 'i', summary: 'Fill in a form built from the index mapping.', exclusive: ['data', 'file']}),
    id: Flags.string({summary: 'Document id (replaces an existing document); the server assigns one when absent.'}),
    'collection-type': Flags.string({
      summary: 'Serverless collection type, if known: refuses --id early on timeseries/vectorsearch.',
      options: ['search', 'timeseries', 'vectorsearch'],
    }),
  }

  async run(): Promise<DocPutResult> {
    const {args, flags} = this
    const client = await this.client()
    let document: string | Record<string, unknown>
    if (flags.interactive) {
      if (!hasTerminal()) throw usageError('--interactive needs a terminal', 'Pass the document with --data, --file or stdin instead.')
      document = await documentFromForm(client, args.index, {onNote: (message) => this.note(message)})
    } else {
      document = await readDocument({data: flags.data, file: flags.file})
    }

    const result = await putDocument(client, {
      index: args.index,
      id: flags.id,
      document,
      collectionType: flags['collection-type'] as CollectionType | undefined,
    })
    if (!this.jsonEnabled()) this.log(render(result))
    return result
  }
}

function render(result: PutDocumentResult): string {
  const paint = painter(process.stdout)
  const row = (label: string, value: string) => `${paint('dim', label.padEnd(8))}${value}`
  return [
    row('result', paint(result.result === 'created' ? 'green' : 'yellow', result.result)),
    row('index', result.index),
    row('id', paint('bold', result.id)),
    row('version', String(result.version ?? '-')),
  ].join('\n')
}
