/**
 * The form for one index, as data: read the mapping, learn the few-valued keyword fields and array fields from the
 * index, plan the questions. The terminal (`doc put --interactive`) and the browser each ask them their own way.
 */
import {getMapping} from '../cluster/get-index.js'
import type {Client} from '../connection/client.js'
import {isAossError} from '../errors.js'
import {type FormPlan, planForm} from './form.js'
import {gatherFormHints} from './form-hints.js'

export interface FormForIndexOptions {
  /** Told when the index does not exist yet (the first write creates it). */
  onNote?: (message: string) => void
}

export async function planFormForIndex(client: Client, index: string, options: FormForIndexOptions = {}): Promise<FormPlan> {
  let mapping: Record<string, unknown> = {}
  try {
    mapping = await getMapping(client, index)
  } catch (error) {
    if (!isAossError(error) || error.code !== 'INDEX_NOT_FOUND') throw error
    options.onNote?.(`index ${index} does not exist yet: the first document creates it with a mapping guessed from the values.`)
  }

  const hints = Object.keys(mapping).length > 0 ? await gatherFormHints(client, index, mapping) : {}
  return planForm(index, mapping, hints)
}
