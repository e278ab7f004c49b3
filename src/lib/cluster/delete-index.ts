/**
 * Deleting one index. Patterns, lists and `_all` are refused here, whatever the server's
 * `action.destructive_requires_name` says: one typo must not empty a collection.
 */
import type {Client} from '../connection/client.js'
import {assertIndexName, indexPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'
import {usageError} from '../errors.js'

export interface DeleteIndexResult {
  index: string
  acknowledged: boolean
}

export function assertSingleIndexName(index: string): void {
  if (index === '' || index === '_all' || /[*,?]/.test(index)) {
    throw usageError(`refusing to delete "${index}": name one index exactly, without wildcards or lists`, 'Delete indexes one at a time.')
  }

  assertIndexName(index)
}

export async function deleteIndex(client: Client, index: string): Promise<DeleteIndexResult> {
  assertSingleIndexName(index)
  try {
    const {body} = await client.transport.request({method: 'DELETE', path: indexPath(index)})
    return {index, acknowledged: Boolean((body as {acknowledged?: boolean})?.acknowledged ?? true)}
  } catch (error) {
    throw toAossError(error, {index, action: `deleting index ${index}`})
  }
}
