/**
 * `doc put --interactive` end to end, short of sending: read the mapping, learn the few-valued keyword fields and
 * array fields from the index, plan the form, ask, preview, confirm.
 */
import {getMapping} from '../cluster/get-index.js'
import type {Client} from '../connection/client.js'
import {isAossError} from '../errors.js'
import {planForm} from './form.js'
import {gatherFormHints} from './form-hints.js'
import {type FormRunOptions, runForm} from './form-prompt.js'

export interface InteractiveOptions extends FormRunOptions {
  /** Told when the index does not exist yet (the first write creates it). */
  onNote?: (message: string) => void
}

export async function documentFromForm(client: Client, index: string, options: InteractiveOptions = {}): Promise<Record<string, unknown>> {
  let mapping: Record<string, unknown> = {}
  try {
    mapping = await getMapping(client, index)
  } catch (error) {
    if (!isAossError(error) || error.code !== 'INDEX_NOT_FOUND') throw error
    options.onNote?.(`index ${index} does not exist yet: the first document creates it with a mapping guessed from the values.`)
  }

  const hints = Object.keys(mapping).length > 0 ? await gatherFormHints(client, index, mapping) : {}
  return runForm(planForm(index, mapping, hints), options)
}
