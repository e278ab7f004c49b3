/**
 * Reading an index's definition (mappings, settings, aliases) and asking whether it exists. Both are
 * DescribeIndex operations on AOSS (aoss-facts §2, [S1]).
 */
import type {Client} from '../connection/client.js'
import {indexPath, targetPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'

export interface IndexDefinition {
  name: string
  mappings: Record<string, unknown>
  settings: Record<string, unknown>
  aliases: Record<string, unknown>
}

/** `GET <target>`: one definition per concrete index the name, alias or pattern resolves to. */
export async function getIndex(client: Client, target: string): Promise<IndexDefinition[]> {
  try {
    const {body} = await client.transport.request({method: 'GET', path: targetPath(target)})
    return Object.entries((body ?? {}) as Record<string, Partial<IndexDefinition>>).map(([name, value]) => ({
      name,
      mappings: (value.mappings ?? {}) as Record<string, unknown>,
      settings: (value.settings ?? {}) as Record<string, unknown>,
      aliases: (value.aliases ?? {}) as Record<string, unknown>,
    }))
  } catch (error) {
    throw toAossError(error, {index: target, action: `reading index ${target}`})
  }
}

/** `GET <index>/_mapping` for one index: its mapping (`{properties, _meta, dynamic…}`), empty when it has none. */
export async function getMapping(client: Client, index: string): Promise<Record<string, unknown>> {
  try {
    const {body} = await client.transport.request({method: 'GET', path: indexPath(index, '_mapping')})
    const entries = Object.values((body ?? {}) as Record<string, {mappings?: Record<string, unknown>}>)
    return entries[0]?.mappings ?? {}
  } catch (error) {
    throw toAossError(error, {index, action: `reading the mapping of ${index}`})
  }
}

/** `HEAD <index>`: true on 200, false on 404; anything else is an error. */
export async function indexExists(client: Client, index: string): Promise<boolean> {
  try {
    const response = await client.transport.request({method: 'HEAD', path: indexPath(index)}, {ignore: [404]})
    return response.statusCode === 200
  } catch (error) {
    throw toAossError(error, {index, action: `checking whether ${index} exists`})
  }
}
