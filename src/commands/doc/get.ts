import {Args} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {indexArg} from '../../cli/flags.js'
import {stringifyExact} from '../../lib/documents/exact-json.js'
import {getDocument, type StoredDocument} from '../../lib/documents/get.js'

export type DocGetResult = StoredDocument

export default class DocGet extends AossCommand<typeof DocGet> {
  static override summary = 'Print one document by id.'
  static override description = 'Prints the document source as JSON on stdout (the index, id and version go to stderr); --json prints the whole answer with _id, _version and _source.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory SKU-00000042',
    '<%= config.bin %> <%= command.id %> inventory SKU-00000042 | jq .price',
  ]

  static override args = {
    index: indexArg({description: 'The index.', required: true, ignoreStdin: true}),
    id: Args.string({description: 'The document id.', required: true, ignoreStdin: true}),
  }

  async run(): Promise<DocGetResult> {
    const document = await getDocument(await this.client(), this.args.index, this.args.id)
    if (!this.jsonEnabled()) {
      this.note(`${document._index}/${document._id}${document._version === undefined ? '' : ` · version ${document._version}`}`)
      this.log(stringifyExact(document._source, 2))
    }

    return document
  }
}
