/**
 * `--create-index`: the target made again from what the backup recorded (mappings, settings, aliases), with the
 * settings the target flavour refuses left out, returning only once the index accepts writes (AOSS acknowledges a
 * create before that, aoss-facts §2).
 */
import {createIndex} from '../cluster/create-index.js'
import type {CreateBody} from '../cluster/create-body.js'
import type {IndexEntry} from '../backup/manifest.js'
import type {Client} from '../connection/client.js'
import type {Flavour} from '../connection/flavour.js'
import {AossError, ExitCode, isAossError} from '../errors.js'

export interface CreateTargetOptions {
  index: string
  entry: IndexEntry
  flavour: Flavour
  /**
   * Add the backed-up index's aliases. Default: only when the target keeps the original name, because an alias
   * that also points at a still-live original would make searches through it count documents twice and writes
   * through it fail.
   */
  aliases?: boolean
  waitTimeoutMs?: number
}

export interface CreatedTarget {
  index: string
  droppedSettings: string[]
  refusedByFlavour: string[]
  aliases: string[]
  /** Aliases the backup has that were not added. */
  skippedAliases: string[]
  writableAfterMs?: number
}

export async function createTarget(client: Client, options: CreateTargetOptions): Promise<CreatedTarget> {
  const {entry, index} = options
  const names = Object.keys(entry.aliases ?? {})
  const withAliases = options.aliases ?? index === entry.name
  const body: CreateBody = {mappings: entry.mappings, settings: entry.settings}
  if (withAliases && names.length > 0) body.aliases = entry.aliases
  let result
  try {
    result = await createIndex(client, {index, body, flavour: options.flavour, waitTimeoutMs: options.waitTimeoutMs})
  } catch (error) {
    if (isAossError(error) && error.details?.type === 'resource_already_exists_exception') {
      throw new AossError('CONFLICT', `index ${index} already exists; --create-index makes a new one`, {
        exitCode: ExitCode.usage,
        hints: [`Leave out --create-index to restore into it, or delete it first: aoss index delete ${index}.`],
        details: {index},
      })
    }

    throw error
  }

  return {
    index,
    droppedSettings: result.droppedSettings,
    refusedByFlavour: result.refusedByFlavour,
    aliases: withAliases ? names : [],
    skippedAliases: withAliases ? [] : names,
    writableAfterMs: result.writableAfterMs,
  }
}
