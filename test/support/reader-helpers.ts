/** Shared set-up for the export/reader tests: an emulator with inventory data and a fast-retrying client. */
import {type Client, createClient} from '../../src/lib/connection/client.js'
import {resolveSettings} from '../../src/lib/connection/settings.js'
import type {DocumentReader} from '../../src/lib/read/reader.js'
import type {Hit} from '../../src/lib/read/types.js'
import {generateInventory, inventoryMappings} from './data/inventory.js'
import {type Emulator, type EmulatorOptions, startEmulator} from './emulator/index.js'

export async function inventoryEmulator(options: EmulatorOptions, docs: number, index = 'inventory'): Promise<Emulator> {
  const emulator = await startEmulator(options)
  emulator.seed(index, generateInventory(docs, {bytes: 200}), {mappings: inventoryMappings})
  return emulator
}

export async function fastClient(url: string): Promise<Client> {
  return createClient(resolveSettings({endpoint: url, auth: 'none', maxRetries: 4}, {env: {}}), {retry: {baseMs: 5, capMs: 50}})
}

export async function readAll(reader: DocumentReader): Promise<Hit[]> {
  const hits: Hit[] = []
  for await (const page of reader) hits.push(...page.hits)
  return hits
}

/** Ids that occur more than once, and how many distinct ids there are. */
export function idReport(hits: Hit[]): {distinct: number, repeated: string[]} {
  const seen = new Set<string>()
  const repeated: string[] = []
  for (const hit of hits) {
    const key = `${hit._index}/${hit._id}`
    if (seen.has(key)) repeated.push(key)
    seen.add(key)
  }

  return {distinct: seen.size, repeated}
}
