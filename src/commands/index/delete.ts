import {Args, Flags} from '@oclif/core'

import {AossCommand} from '../../cli/base-command.js'
import {formatCount} from '../../cli/format.js'
import {mayConfirm} from '../../cli/interactive.js'
import {painter} from '../../cli/style.js'
import {assertSingleIndexName, deleteIndex, type DeleteIndexResult} from '../../lib/cluster/delete-index.js'
import {listIndices} from '../../lib/cluster/indices.js'
import {enquirerConfirm} from '../../cli/prompt.js'
import {cancelledError, usageError} from '../../lib/errors.js'

export type IndexDeleteResult = DeleteIndexResult & {docs?: number}

export default class IndexDelete extends AossCommand<typeof IndexDelete> {
  static override summary = 'Delete an index and every document in it.'
  static override description = `Asks for confirmation on a terminal. Without a terminal, in CI (CI is set) or with --json it refuses unless --force is given. Wildcards, lists and _all are always refused: name one index.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> products',
    '<%= config.bin %> <%= command.id %> products-v2 --force   # scripts and CI',
  ]

  static override args = {
    name: Args.string({description: 'The index to delete (exact name).', required: true, ignoreStdin: true}),
  }

  static override flags = {
    force: Flags.boolean({char: 'f', summary: 'Delete without asking.'}),
  }

  async run(): Promise<IndexDeleteResult> {
    const {name} = this.args
    assertSingleIndexName(name)
    const client = await this.client()
    // Also the existence check: an unknown index ends here with exit 5, before any question.
    const [row] = await listIndices(client, {pattern: name, all: true})
    if (!this.flags.force) {
      if (!mayConfirm(this.jsonEnabled())) {
        throw usageError(`refusing to delete index ${name} without confirmation`, 'Pass --force to delete without a prompt (required in CI, with --json and without a terminal).')
      }

      const docs = row?.docs === undefined ? '' : ` and its ${formatCount(row.docs)} documents`
      // Ctrl-C at the prompt answers no.
      const yes = await enquirerConfirm(`Delete index ${name}${docs}? This cannot be undone.`, false).catch(() => false)

      if (!yes) throw cancelledError(`cancelled: index ${name} was not deleted`)
    }

    const result = await deleteIndex(client, name)
    if (!this.jsonEnabled()) this.log(`${painter(process.stdout)('red', 'deleted')} index ${name}`)
    return {...result, docs: row?.docs}
  }
}
