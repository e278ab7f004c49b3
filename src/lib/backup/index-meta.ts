/**
 * What a backup records about each index so that restore can recreate it: mappings, the settings that can be
 * re-applied on create, and aliases. One `GET <target>` answers for every index the target names, so this is
 * also how `aoss backup logs-*` learns which concrete indexes it is backing up.
 */
import type {Client} from '../connection/client.js'
import {targetPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'
import {settingsForFlavour} from '../cluster/settings-filter.js'
import {AossError} from '../errors.js'

export interface IndexMeta {
  name: string
  mappings: Record<string, unknown>
  /** Without the read-only facts the server writes itself (uuid, creation date, version…). */
  settings: Record<string, unknown>
  aliases: Record<string, unknown>
}

type GetIndexBody = Record<string, {mappings?: Record<string, unknown>, settings?: Record<string, unknown>, aliases?: Record<string, unknown>}>

/**
 * Mappings, settings and aliases of every concrete index that `targets` (names, aliases, wildcards) resolve to,
 * sorted by name. A name that matches nothing is an INDEX_NOT_FOUND error (exit 5); a wildcard that matches
 * nothing is one too, since backing up nothing is never what was meant.
 */
export async function describeIndices(client: Client, targets: string[], endpoint?: string): Promise<IndexMeta[]> {
  const byName = new Map<string, IndexMeta>()
  for (const target of targets) {
    let body: GetIndexBody
    try {
      const response = await client.transport.request({method: 'GET', path: targetPath(target)})
      body = (response.body ?? {}) as GetIndexBody
    } catch (error) {
      throw toAossError(error, {endpoint, index: target, action: `reading the definition of ${target}`})
    }

    const names = Object.keys(body).filter((name) => !name.startsWith('.'))
    if (names.length === 0) {
      throw new AossError('INDEX_NOT_FOUND', `no index matches ${target}`, {
        details: {index: target},
        hints: ['`aoss index list` lists the indexes; hidden (dot) indexes are never backed up.'],
      })
    }

    for (const name of names) byName.set(name, toMeta(name, body[name]))
  }

  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))
}

export function toMeta(name: string, definition: GetIndexBody[string] | undefined): IndexMeta {
  const rawSettings = definition?.settings ?? {}
  // Read-only facts only: shard layout stays, because restore filters for the flavour it writes to.
  const {settings} = settingsForFlavour(rawSettings, 'self-managed')
  return {
    name,
    mappings: definition?.mappings ?? {},
    settings,
    aliases: definition?.aliases ?? {},
  }
}
