/**
 * A local, in-memory stand-in for Amazon OpenSearch Serverless (flavour 'serverless') and an
 * OpenSearch Service domain (flavour 'managed'), over plain node:http. Behaviours trace to
 * ../../shared/aoss-facts.md source tags ([S1] ...).
 */
import type {AddressInfo} from 'node:net'
import {EmulatorCore, resolveOptions} from './core.js'
import {mapDocument, mergeMappings} from './mappings.js'
import {EmulatorServer} from './server.js'
import type {Emulator, EmulatorOptions} from './types.js'
import {autoId, storeDoc} from './writes.js'

export type {Emulator, EmulatorOptions, EmulatorState, FaultRule, FaultSpec, StoredDoc} from './types.js'
export type {IndexState} from './index-state.js'

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const core = new EmulatorCore(resolveOptions(options))
  const server = new EmulatorServer(core)
  await new Promise<void>((resolve, reject) => {
    server.http.once('error', reject)
    server.http.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const {port} = server.http.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    state: core.state,
    counters: server.counters,
    addFault: (rule) => server.faults.add(rule),
    clearFaults: () => server.faults.clear(),
    concurrencyFaults: () => server.faults.concurrency(),
    resetCounters: () => server.resetCounters(),
    seed(indexName, docs, opts = {}) {
      const now = core.now()
      const index = core.state.indices.get(indexName) ?? core.createIndex(indexName, {settings: opts.settings ?? {}}, now, false)
      if (opts.mappings !== undefined) mergeMappings(index.mappings, opts.mappings as Record<string, unknown>)
      for (const {_id, _source} of docs) {
        const id = _id ?? autoId()
        const source = _source as Record<string, unknown>
        mapDocument(index.mappings, source, id)
        const existing = index.docs.get(id)
        index.apply(id, storeDoc(index, id, source, JSON.stringify(source), (existing?.version ?? 0) + 1), now, now)
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.http.close(() => resolve())
        server.http.closeAllConnections()
      }),
  }
}
