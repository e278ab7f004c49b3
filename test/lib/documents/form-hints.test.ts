import {expect} from 'chai'
import nock from 'nock'

import {gatherFormHints} from '../../../src/lib/documents/form-hints.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {clientFor} from '../../support/client.js'

const mappings = {
  properties: {
    category: {type: 'keyword'},
    tags: {type: 'keyword'},
    variants: {type: 'nested', properties: {color: {type: 'keyword'}, stock: {type: 'integer'}}},
  },
}

describe('form hints', () => {
  describe('from a sample (a server without aggregations)', () => {
    let emulator: Emulator
    before(async () => {
      emulator = await startEmulator({flavour: 'serverless'})
      const colors = ['red', 'blue', 'black']
      emulator.seed('shop', Array.from({length: 12}, (_, i) => ({
        _id: String(i),
        _source: {category: i % 2 ? 'mugs' : 'cups', tags: ['a', 'b'], variants: [{color: colors[i % 3], stock: i}, {color: colors[(i + 1) % 3], stock: 1}]},
      })), {mappings})
    })
    after(() => emulator.stop())

    it('offers the few values of keyword fields inside nested objects too', async () => {
      const hints = await gatherFormHints(await clientFor(emulator.url), 'shop', mappings)
      expect(hints.choices).to.deep.equal({category: ['cups', 'mugs'], 'variants.color': ['black', 'blue', 'red']})
      expect(hints.arrays).to.include('tags')
    })
  })

  describe('from aggregations', () => {
    const URL = 'http://127.0.0.1:9297'
    before(() => nock.disableNetConnect())
    afterEach(() => nock.cleanAll())
    after(() => nock.enableNetConnect())

    it('asks for a nested field\'s values inside a nested aggregation and reads them from there', async () => {
      let asked: any
      nock(URL).post('/shop/_search', (body) => ((asked = body), true)).reply(200, {
        hits: {total: {value: 500}, hits: []},
        aggregations: {
          f0: {buckets: [{key: 'cups'}, {key: 'mugs'}], sum_other_doc_count: 0},
          f2: {doc_count: 900, values: {buckets: [{key: 'red'}, {key: 'blue'}], sum_other_doc_count: 0}},
        },
      })
      const hints = await gatherFormHints(await clientFor(URL), 'shop', mappings)
      expect(asked.aggs.f2).to.deep.equal({nested: {path: 'variants'}, aggs: {values: {terms: {field: 'variants.color', size: 13}}}})
      expect(asked.aggs.f0).to.deep.equal({terms: {field: 'category', size: 13}})
      expect(hints.choices).to.deep.equal({category: ['cups', 'mugs'], 'variants.color': ['red', 'blue']})
    })
  })
})
