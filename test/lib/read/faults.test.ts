import {expect} from 'chai'

import type {Client} from '../../../src/lib/connection/client.js'
import {AossError} from '../../../src/lib/errors.js'
import {openReader} from '../../../src/lib/read/reader.js'
import type {ReadStrategy} from '../../../src/lib/read/types.js'
import type {Emulator, FaultSpec} from '../../support/emulator/index.js'
import {fastClient, idReport, inventoryEmulator, readAll} from '../../support/reader-helpers.js'

const DOCS = 5000

/** Faults on the Nth page request: each must end in every document exactly once. */
const recoverable: Array<{name: string, fault: FaultSpec}> = [
  {name: '429 with Retry-After', fault: {type: 'status', status: 429, retryAfter: 0}},
  {name: '503', fault: {type: 'status', status: 503}},
  {name: 'a connection reset mid-body', fault: {type: 'reset-mid-body'}},
  {name: 'a page with failed shards', fault: {type: 'shards-failed'}},
  {name: 'a timed-out page', fault: {type: 'timed-out'}},
]

const cases: Array<{flavour: 'serverless' | 'managed', strategy: ReadStrategy, route: string}> = [
  {flavour: 'serverless', strategy: 'pit', route: 'search'},
  {flavour: 'serverless', strategy: 'search-after', route: 'search'},
  {flavour: 'managed', strategy: 'scroll', route: 'scroll'},
]

for (const {flavour, strategy, route} of cases) {
  describe(`reader faults: ${strategy} on ${flavour}`, function () {
    this.timeout(60_000)
    let emulator: Emulator
    let client: Client

    before(async () => {
      emulator = await inventoryEmulator({flavour}, DOCS)
      client = await fastClient(emulator.url)
    })
    afterEach(() => emulator.clearFaults())
    after(async () => {
      await client.close()
      await emulator.stop()
    })

    for (const {name, fault} of recoverable) {
      it(`recovers from ${name}`, async () => {
        const slices = strategy === 'search-after' ? 1 : 2
        const reader = await openReader(client, {index: 'inventory', strategy, slices, batchSize: 500})
        emulator.addFault({route, nth: 3, fault})
        const hits = await readAll(reader)
        expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
      })
    }

    it('fails loudly, never short, when pages stay partial', async () => {
      const reader = await openReader(client, {index: 'inventory', strategy, batchSize: 500})
      emulator.addFault({route, every: 1, fault: {type: 'shards-failed'}})
      const error = await readAll(reader).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(AossError)
      expect((error as AossError).exitCode).to.equal(3)
    })
  })
}

describe('reader faults: an expiring PIT', function () {
  this.timeout(60_000)
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

  it('opens a new PIT and continues from the last position', async () => {
    const reader = await openReader(client, {index: 'inventory', slices: 2, batchSize: 400})
    emulator.addFault({route: 'search', nth: 4, fault: {type: 'pit-expired'}})
    const hits = await readAll(reader)
    expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
    expect(reader.stats.reopened).to.equal(1)
    expect(emulator.state.pits.all(Date.now())).to.have.length(0)
  })

  it('survives a PIT that really expired between pages', async () => {
    const reader = await openReader(client, {index: 'inventory', batchSize: 1000, keepAlive: '300ms'})
    const hits = []
    for await (const page of reader) {
      hits.push(...page.hits)
      if (hits.length === 1000) await new Promise((resolve) => setTimeout(resolve, 700))
    }

    expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
    expect(reader.stats.reopened).to.be.greaterThan(0)
  })
})
