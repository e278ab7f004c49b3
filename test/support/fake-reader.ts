/**
 * A reader double for pipeline tests: serves fixed documents in pages, honours `resume` like the real reader
 * (continue after the last written hit of each slice), and can fail on a given page.
 */
import {randomBytes} from 'node:crypto'

import type {PageSource} from '../../src/lib/backup/pipeline.js'
import type {Hit, Page, ReadOptions, ReadStrategy} from '../../src/lib/read/types.js'

export interface FakeReaderOptions {
  docs: Hit[]
  pageSize?: number
  strategy?: ReadStrategy
  /** Claimed count (default docs.length). */
  expected?: number
  /** Throw this error instead of serving page N (1-based, counted across the reader's life). */
  failOnPage?: {page: number, error: Error}
}

export interface FakeReaderLog {
  opened: ReadOptions[]
  closed: number
}

export function fakeDocs(count: number, index = 'inventory', payloadBytes = 64): Hit[] {
  return Array.from({length: count}, (_, i) => ({
    _index: index,
    _id: `doc-${String(i).padStart(7, '0')}`,
    _source: {sku: `SKU-${i}`, n: i, blob: payloadBytes > 0 ? randomBytes(Math.ceil(payloadBytes * 0.75)).toString('base64') : ''},
  }))
}

/** Returns an `openReader` for the pipeline plus a log of how it was used. */
export function fakeOpenReader(byIndex: Record<string, FakeReaderOptions>): {openReader: (o: ReadOptions) => Promise<PageSource>, log: FakeReaderLog} {
  const log: FakeReaderLog = {opened: [], closed: 0}
  const openReader = async (options: ReadOptions): Promise<PageSource> => {
    log.opened.push(options)
    const config = byIndex[options.index]
    if (!config) throw new Error(`fake reader: no index ${options.index}`)
    const size = config.pageSize ?? 100
    const after = options.resume?.slices.find((s) => s.id === 0)?.after
    const start = after === undefined ? 0 : config.docs.findIndex((d) => d._id === after[0]) + 1
    let served = 0
    return {
      strategy: config.strategy ?? 'pit',
      expected: config.expected ?? config.docs.length,
      async close() {
        log.closed++
      },
      async *[Symbol.asyncIterator](): AsyncGenerator<Page> {
        for (let i = start; i < config.docs.length; i += size) {
          served++
          if (config.failOnPage && served === config.failOnPage.page) throw config.failOnPage.error
          const hits = config.docs.slice(i, i + size)
          yield {slice: 0, hits, after: [hits.at(-1)!._id]}
        }
      },
    }
  }

  return {openReader, log}
}
