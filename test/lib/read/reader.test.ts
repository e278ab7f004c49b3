import {expect} from 'chai'

import type {Client} from '../../../src/lib/connection/client.js'
import {AossError} from '../../../src/lib/errors.js'
import {openReader} from '../../../src/lib/read/reader.js'
import type {ReadStrategy} from '../../../src/lib/read/types.js'
import type {Emulator} from '../../support/emulator/index.js'
import {fastClient, idReport, inventoryEmulator, readAll} from '../../support/reader-helpers.js'

// More than the 10,000-hit window, so from/size paging could not pass.
const DOCS = 12_345

const strategiesOf: Record<'serverless' | 'managed', ReadStrategy[]> = {
  serverless: ['pit', 'search-after'],
  managed: ['pit', 'scroll', 'search-after'],
}

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`reader on the ${flavour} emulator`, function () {
    this.timeout(60_000)
    let emulator: Emulator
    let client: Client

    before(async () => {
      emulator = await inventoryEmulator({flavour}, DOCS)
      client = await fastClient(emulator.url)
    })
    after(async () => {
      await client.close()
      await emulator.stop()
    })

    for (const strategy of strategiesOf[flavour]) {
      for (const slices of strategy === 'search-after' ? [1] : [1, 3]) {
        it(`${strategy} × ${slices}: every id exactly once`, async () => {
          const reader = await openReader(client, {index: 'inventory', strategy, slices, batchSize: 1000})
          expect(reader.strategy).to.equal(strategy)
          expect(reader.expected).to.equal(DOCS)
          const hits = await readAll(reader)
          const report = idReport(hits)
          expect(report.repeated).to.deep.equal([])
          expect(report.distinct).to.equal(DOCS)
          expect(hits[0]).to.have.keys('_index', '_id', '_source')
        })
      }

      it(`${strategy}: ties in the sort field (price) neither skip nor repeat`, async () => {
        const slices = strategy === 'search-after' ? 1 : 2
        const reader = await openReader(client, {index: 'inventory', strategy, slices, sort: ['price:desc'], batchSize: 700})
        const hits = await readAll(reader)
        expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
        if (slices === 1) {
          const prices = hits.map((h) => h._source.price as number)
          expect(prices).to.deep.equal([...prices].sort((a, b) => b - a))
        }
      })
    }

    it('auto picks pit, and the PIT is deleted at the end', async () => {
      const reader = await openReader(client, {index: 'inventory', slices: 2})
      expect(reader.strategy).to.equal('pit')
      await readAll(reader)
      expect(emulator.state.pits.all(Date.now())).to.have.length(0)
    })

    it('deletes the PIT when the caller stops early', async () => {
      const reader = await openReader(client, {index: 'inventory'})
      for await (const page of reader) {
        expect(page.hits.length).to.be.greaterThan(0)
        break
      }

      expect(emulator.state.pits.all(Date.now())).to.have.length(0)
    })

    it('stops at maxDocs and filters _source by fields', async () => {
      const reader = await openReader(client, {index: 'inventory', maxDocs: 2500, slices: 3, fields: ['sku', 'price'], batchSize: 1000})
      expect(reader.expected).to.equal(2500)
      const hits = await readAll(reader)
      expect(hits).to.have.length(2500)
      expect(Object.keys(hits[0]!._source).sort()).to.deep.equal(['price', 'sku'])
    })

    it('counts and reads only what the query matches', async () => {
      const reader = await openReader(client, {index: 'inventory', query: {term: {category: 'kitchen'}}, slices: 2})
      const hits = await readAll(reader)
      expect(hits.length).to.equal(reader.expected).and.be.greaterThan(0)
      expect(hits.every((h) => h._source.category === 'kitchen')).to.equal(true)
    })

    it('gives the same order for the same slice count', async () => {
      const ids = async () => (await readAll(await openReader(client, {index: 'inventory', slices: 3, batchSize: 500}))).map((h) => h._id)
      expect(await ids()).to.deep.equal(await ids())
    })

    it('a missing index is a not-found error', async () => {
      const error = await openReader(client, {index: 'nope'}).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(AossError)
      expect((error as AossError).exitCode).to.equal(5)
    })
  })
}
