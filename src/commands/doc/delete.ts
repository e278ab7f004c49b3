import {Args} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {indexArg} from '../../cli/flags.js'
import {painter} from '../../cli/style.js'
import {deleteDocument, type DeleteDocumentResult} from '../../lib/documents/delete.js'

export type DocDeleteResult = DeleteDocumentResult

export default class DocDelete extends AossCommand<typeof DocDelete> {
  static override summary = 'Delete one document by id.'
  static override description = 'Exits with code 5 when there is no such document or index. On OpenSearch Serverless, searches may still show the document for up to a minute.'
  static override examples = ['<%= config.bin %> <%= command.id %> inventory SKU-00000042']

  static override args = {
    index: indexArg({description: 'The index.', required: true, ignoreStdin: true}),
    id: Args.string({description: 'The document id.', required: true, ignoreStdin: true}),
  }

  async run(): Promise<DocDeleteResult> {
    const result = await deleteDocument(await this.client(), this.args.index, this.args.id)
    if (!this.jsonEnabled()) {
      this.log(`${painter(process.stdout)('red', 'deleted')} ${result.index}/${result.id}${result.version === undefined ? '' : ` (version ${result.version})`}`)
    }

    return result
  }
}
