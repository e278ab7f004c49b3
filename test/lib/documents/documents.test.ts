import {expect} from 'chai'
import nock from 'nock'

import type {Client} from '../../../src/lib/connection/client.js'
import {countDocuments} from '../../../src/lib/documents/count.js'
import {deleteDocument} from '../../../src/lib/documents/delete.js'
import {getDocument} from '../../../src/lib/documents/get.js'
import {putDocument} from '../../../src/lib/documents/put.js'
import {search} from '../../../src/lib/documents/search.js'
import {createIndex} from '../../../src/lib/cluster/create-index.js'
import {clientFor, rejection} from '../../support/client.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {generateInventory, inventoryMappings} from '../../support/data/inventory.js'

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`documents (${flavour})`, () => {
    let emulator: Emulator
    let client: Client
    before(async () => {
      emulator = await startEmulator({flavour})
      emulator.seed('inventory', generateInventory(300), {mappings: inventoryMappings})
      client = await clientFor(emulator.url)
    })
    after(() => emulator.stop())

    it('puts with and without an id, gets and deletes', async () => {
      const auto = await putDocument(client, {index: 'inventory', document: {name: 'Plain mug', price: 4.99}})
      expect(auto).to.include({index: 'inventory', result: 'created', version: 1})
      expect(auto.id).to.be.a('string').and.not.equal('')
      const first = await putDocument(client, {index: 'inventory', id: 'my id/1', document: {name: 'Red shoes', price: 59.9}})
      expect(first).to.include({id: 'my id/1', result: 'created', version: 1})
      const second = await putDocument(client, {index: 'inventory', id: 'my id/1', document: {name: 'Red shoes', price: 49.9}})
      expect(second).to.include({result: 'updated', version: 2})
      const stored = await getDocument(client, 'inventory', 'my id/1')
      expect(stored._source).to.deep.equal({name: 'Red shoes', price: 49.9})
      expect(await deleteDocument(client, 'inventory', 'my id/1')).to.include({result: 'deleted'})
      const gone = await rejection(getDocument(client, 'inventory', 'my id/1'))
      expect([gone.code, gone.exitCode, gone.message]).to.deep.equal(['NOT_FOUND', 5, 'no document with id my id/1 in inventory'])
      expect((await rejection(deleteDocument(client, 'inventory', 'my id/1'))).exitCode).to.equal(5)
      expect((await rejection(getDocument(client, 'nosuch', 'x'))).code).to.equal('INDEX_NOT_FOUND')
    })

    it('explains a value that conflicts with the mapping in one line', async () => {
      const error = await rejection(putDocument(client, {index: 'inventory', document: {price: 'cheap'}}))
      expect(error.exitCode).to.equal(2)
      expect(error.message).to.match(/^writing to inventory: document rejected, it conflicts with the index mapping: .*price/)
      expect(error.message).to.not.contain('\n')
    })

    it('searches with a query string, sorts, pages with search_after and counts', async () => {
      const page = await search(client, {index: 'inventory', text: 'red shoes'})
      expect(page.total.value).to.be.greaterThan(0)
      expect(page.hits.length).to.be.at.most(10)
      for (const hit of page.hits) expect(JSON.stringify(hit._source).toLowerCase()).to.contain('red').and.to.contain('shoes')
      expect(page.hits[0].highlight).to.be.an('object')

      const {count} = await countDocuments(client, {index: 'inventory', text: 'red shoes'})
      expect(count).to.equal(page.total.value)

      const seen: string[] = []
      let after: unknown[] | undefined
      for (let i = 0; i < 4; i++) {
        const sorted = await search(client, {index: 'inventory', size: 100, sort: ['price:desc', 'sku'], searchAfter: after, fields: ['sku', 'price']})
        seen.push(...sorted.hits.map((hit) => hit._id))
        after = sorted.next
        if (!after) break
      }

      const total = (await countDocuments(client, {index: 'inventory'})).count
      expect(seen.length).to.equal(total)
      expect(new Set(seen).size).to.equal(total)
    })

    it('reports a rejected query with its reason', async () => {
      const error = await rejection(search(client, {index: 'inventory', dsl: {query: {bogus: {}}}}))
      expect(error.message).to.equal('searching inventory: query rejected: parsing_exception: unknown query [bogus]')
      expect(error.exitCode).to.equal(2)
      const deep = await rejection(search(client, {index: 'inventory', from: 9995, size: 10}))
      expect(deep.message).to.match(/cannot page that deep/)
      expect(deep.hints[0]).to.match(/--search-after/)
    })
  })
}

describe('documents on a time-series collection', () => {
  let emulator: Emulator
  let client: Client
  before(async () => {
    emulator = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    client = await clientFor(emulator.url)
    await createIndex(client, {index: 'logs', body: {}, flavour: 'serverless'})
  })
  after(() => emulator.stop())

  it('turns the refusal of a custom id into one line with a hint, and writes without one', async () => {
    const error = await rejection(putDocument(client, {index: 'logs', id: 'a1', document: {msg: 'hi'}}))
    expect(error.code).to.equal('UNSUPPORTED')
    expect(error.message).to.equal('writing to logs: this collection does not accept custom document ids (time-series and vector search collections assign their own)')
    expect(error.hints).to.deep.equal(['Leave out --id; the server generates one and prints it.'])
    expect((await putDocument(client, {index: 'logs', document: {msg: 'hi'}})).result).to.equal('created')
  })

  it('refuses before sending when the collection type is known', async () => {
    emulator.resetCounters()
    const error = await rejection(putDocument(client, {index: 'logs', id: 'a1', document: {}, collectionType: 'vectorsearch'}))
    expect(error.message).to.match(/--id is not allowed on a vectorsearch collection/)
    expect(emulator.counters.total ?? 0).to.equal(0)
  })
})

describe('rare server answers (nock)', () => {
  const URL = 'http://127.0.0.1:9298'
  let client: Client
  before(async () => {
    nock.disableNetConnect()
    client = await clientFor(URL)
  })
  afterEach(() => nock.cleanAll())
  after(() => nock.enableNetConnect())

  it('shows a mapping the server refuses as one readable line', async () => {
    nock(URL).put('/products').reply(400, {
      error: {
        root_cause: [{type: 'mapper_parsing_exception', reason: 'No handler for type [nonsense] declared on field [price]'}],
        type: 'mapper_parsing_exception',
        reason: 'Failed to parse mapping [_doc]: No handler for type [nonsense] declared on field [price]',
        caused_by: {type: 'mapper_parsing_exception', reason: 'No handler for type [nonsense] declared on field [price]'},
      },
      status: 400,
    })
    const error = await rejection(createIndex(client, {index: 'products', body: {mappings: {properties: {price: {type: 'nonsense'}}}}, flavour: 'managed'}))
    expect(error.message).to.equal('creating index products: mapping or settings rejected: No handler for type [nonsense] declared on field [price]')
    expect(error.exitCode).to.equal(2)
  })

  it('shows a field type conflict on a strict mapping', async () => {
    nock(URL).post('/inventory/_doc').reply(400, {
      error: {type: 'strict_dynamic_mapping_exception', reason: 'mapping set to strict, dynamic introduction of [colour] within [_doc] is not allowed'},
      status: 400,
    })
    const error = await rejection(putDocument(client, {index: 'inventory', document: {colour: 'red'}}))
    expect(error.message).to.equal('writing to inventory: document rejected: mapping set to strict, dynamic introduction of [colour] within [_doc] is not allowed')
  })

  it('gives the deepest reason of a failed search phase', async () => {
    nock(URL).post('/inventory/_search').reply(400, {
      error: {
        root_cause: [{type: 'query_shard_exception', reason: 'failed to create query: For input string: "abc"'}],
        type: 'search_phase_execution_exception',
        reason: 'all shards failed',
        failed_shards: [{reason: {type: 'query_shard_exception', reason: 'failed to create query: For input string: "abc"', caused_by: {type: 'number_format_exception', reason: 'For input string: "abc"'}}}],
      },
      status: 400,
    })
    const error = await rejection(search(client, {index: 'inventory', text: 'price:abc', lucene: true}))
    expect(error.message).to.equal('searching inventory: query rejected: query_shard_exception: failed to create query: For input string: "abc"')
  })

  it('reports partial results from failed shards', async () => {
    nock(URL).post('/inventory/_search').reply(200, {took: 3, timed_out: false, _shards: {total: 5, successful: 3, failed: 2}, hits: {total: {value: 1, relation: 'eq'}, hits: [{_index: 'inventory', _id: '1', _score: 1, _source: {}}]}})
    const page = await search(client, {index: 'inventory'})
    expect(page.shards).to.deep.equal({total: 5, successful: 3, failed: 2})
  })
})
