import {expect} from 'chai'

import type {Client} from '../../../src/lib/connection/client.js'
import {openReader} from '../../../src/lib/read/reader.js'
import type {Emulator} from '../../support/emulator/index.js'
import {fastClient, idReport, inventoryEmulator, readAll} from '../../support/reader-helpers.js'

/** 1,000 documents in pages of 100: ten full pages, so only the count says where the read ends. */
const DOCS = 1000

describe('the round trips a PIT read costs', () => {
  let emulator: Emulator
  let client: Client
  before(async () => {
    emulator = await inventoryEmulator({flavour: 'serverless'}, DOCS)
    client = await fastClient(emulator.url)
  })
  after(async () => {
    await client.close()
    await emulator.stop()
  })

  it('reads ten full pages with ten searches: the count rides on page one, and no empty page is asked for', async () => {
    emulator.resetCounters()
    const reader = await openReader(client, {index: 'inventory', batchSize: 100})
    const hits = await readAll(reader)
    expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
    expect(reader.expected).to.equal(DOCS)
    const {total, ...routes} = emulator.counters
    expect(routes).to.deep.equal({root: 1, 'pit.create': 1, search: 10, 'pit.delete': 1})
    expect(total).to.equal(13)
    expect(reader.stats.requests).to.equal(12) // the probe is the connection's, not the reader's
  })

  it('over slices, each slice ends on its own count', async () => {
    emulator.resetCounters()
    const reader = await openReader(client, {index: 'inventory', batchSize: 100, slices: 4})
    const hits = await readAll(reader)
    expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
    expect(reader.expected).to.equal(DOCS)
    // Each slice reads ceil(its docs / 100) pages; a slice whose last page is full stops there too.
    const pages = reader.stats.pages
    expect(emulator.counters.search).to.equal(pages)
    expect(emulator.counters.count ?? 0).to.equal(0)
  })

  it('does not ask what the server is when the settings already say Serverless', async () => {
    const fresh = await fastClient(emulator.url)
    emulator.resetCounters()
    const reader = await openReader(fresh, {index: 'inventory', batchSize: 100, serverless: true})
    expect((await readAll(reader)).length).to.equal(DOCS)
    expect(emulator.counters.root ?? 0).to.equal(0)
    expect(emulator.counters.total).to.equal(12)
    await fresh.close()
  })
})
