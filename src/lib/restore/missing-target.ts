/**
 * What restore does when the target index does not exist. Left alone, the first `_bulk` would make the server
 * create it with mappings guessed from the documents (dynamic mapping: a `sku` keyword becomes `text` and can no
 * longer be sorted or matched exactly). So:
 * - a backup's manifest holds the real mappings and settings: the index is created from them, and the run says so;
 * - `--mappings FILE` gives them for a plain NDJSON file;
 * - otherwise the run warns that the server will guess, before the first write;
 * - `--no-create` refuses a missing target (exit 5), for jobs that must never create one.
 */
import type {IndexEntry} from '../backup/manifest.js'
import {readCreateBody} from '../cluster/create-body.js'
import {createIndex} from '../cluster/create-index.js'
import {indexExists} from '../cluster/get-index.js'
import type {Client} from '../connection/client.js'
import type {Flavour} from '../connection/flavour.js'
import {AossError, usageError} from '../errors.js'
import {type CreatedTarget, createTarget} from './create-target.js'

export interface MissingTargetOptions {
  index: string
  flavour: Flavour
  /** False: refuse a missing target. Default: create it (from the backup or --mappings) or let the server. */
  create?: boolean
  /** A mappings file (`--mappings`) for a target that does not exist yet. */
  mappingsFile?: string
  /** The backup's entry, when the source is a backup. */
  entry?: IndexEntry
  aliases?: boolean
}

export type TargetPlan =
  | {kind: 'exists'}
  | {kind: 'create-from-backup'}
  | {kind: 'create-from-file'}
  | {kind: 'server-guesses'}

/** Decides before anything is read or written, so `--no-create` fails in a second. */
export async function planTarget(client: Client, options: MissingTargetOptions): Promise<TargetPlan> {
  if (await indexExists(client, options.index)) {
    if (options.mappingsFile !== undefined) {
      throw usageError(`index ${options.index} already exists; --mappings applies only to a target restore creates`, 'Leave out --mappings, or restore into a new index name.')
    }

    return {kind: 'exists'}
  }

  if (options.create === false) {
    throw new AossError('NOT_FOUND', `index ${options.index} does not exist, and --no-create forbids creating it`, {
      hints: [`Create it first (aoss index create ${options.index} --mappings FILE), or leave out --no-create.`],
      details: {index: options.index},
    })
  }

  if (options.mappingsFile !== undefined) return {kind: 'create-from-file'}
  if (options.entry && Object.keys(options.entry.mappings ?? {}).length > 0) return {kind: 'create-from-backup'}
  return {kind: 'server-guesses'}
}

/** Carries the plan out once the source is verified; returns what was created, if anything. */
export async function prepareTarget(client: Client, plan: TargetPlan, options: MissingTargetOptions, say: {note: (m: string) => void, warn: (m: string) => void}): Promise<CreatedTarget | undefined> {
  switch (plan.kind) {
    case 'exists': {
      return undefined
    }

    case 'create-from-backup': {
      const created = await createTarget(client, {index: options.index, entry: options.entry!, flavour: options.flavour, aliases: options.aliases})
      say.note(`index ${options.index} did not exist: created it with the backup's mappings and settings`)
      return created
    }

    case 'create-from-file': {
      const body = await readCreateBody({mappings: options.mappingsFile})
      const result = await createIndex(client, {index: options.index, body, flavour: options.flavour})
      say.note(`index ${options.index} did not exist: created it with the mappings in ${options.mappingsFile}`)
      return {index: options.index, droppedSettings: result.droppedSettings, refusedByFlavour: result.refusedByFlavour, aliases: [], skippedAliases: [], writableAfterMs: result.writableAfterMs}
    }

    case 'server-guesses': {
      say.warn(`index ${options.index} does not exist: the server will create it and guess each field's type from the documents (a keyword such as an SKU may become text); create it first, or pass --mappings FILE (--no-create refuses a missing index)`)
      return undefined
    }
  }
}
