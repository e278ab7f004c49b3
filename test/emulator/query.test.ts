import {expect} from 'chai'
import {startEmulator, type Emulator} from '../support/emulator/index.js'
import {call} from '../support/emulator-http.js'

const products = [
  {_id: '1', _source: {name: 'Red running shoes', category: 'footwear', price: 49.99, stock: 10, active: true, created_at: '2024-01-10T10:00:00Z', tags: ['sale', 'new'], brand: 'Acme'}},
  {_id: '2', _source: {name: 'Blue running jacket', category: 'apparel', price: 89.5, stock: 0, active: false, created_at: '2024-02-01T00:00:00Z', tags: ['new'], brand: 'Globex'}},
  {_id: '3', _source: {name: 'Red wool socks', category: 'apparel', price: 9.99, stock: 120, active: true, created_at: '2023-12-24T08:30:00Z', tags: [], brand: 'Acme'}},
  {_id: '4', _source: {name: 'Trail shoes, waterproof', category: 'footwear', price: 49.99, stock: 5, active: true, created_at: '2024-03-05T12:00:00Z', brand: 'Initech', note: 'limited'}},
]

describe('emulator query matching', () => {
  let em: Emulator
  const ids = async (body: object): Promise<string[]> => {
    const r = await call(em.url, 'POST', '/shop/_search', body)
    expect(r.status, r.text).to.equal(200)
    return r.body.hits.hits.map((h: {_id: string}) => h._id).sort()
  }

  before(async () => {
    em = await startEmulator({flavour: 'managed'})
    em.seed('shop', products, {mappings: {properties: {category: {type: 'keyword'}, brand: {type: 'keyword'}, tags: {type: 'keyword'}}}})
  })
  after(() => em.stop())

  it('match analyses text: or by default, and with operator', async () => {
    expect(await ids({query: {match: {name: 'red shoes'}}})).to.deep.equal(['1', '3', '4'])
    expect(await ids({query: {match: {name: {query: 'red shoes', operator: 'and'}}}})).to.deep.equal(['1'])
    expect(await ids({query: {match: {name: 'RUNNING'}}})).to.deep.equal(['1', '2'])
  })

  it('match_phrase needs adjacent terms', async () => {
    expect(await ids({query: {match_phrase: {name: 'running shoes'}}})).to.deep.equal(['1'])
    expect(await ids({query: {match_phrase: {name: 'shoes running'}}})).to.deep.equal([])
  })

  it('term is exact on keyword and token-exact on text', async () => {
    expect(await ids({query: {term: {category: 'footwear'}}})).to.deep.equal(['1', '4'])
    expect(await ids({query: {term: {category: 'Footwear'}}})).to.deep.equal([])
    expect(await ids({query: {term: {name: 'Red'}}})).to.deep.equal([])
    expect(await ids({query: {term: {name: 'red'}}})).to.deep.equal(['1', '3'])
    expect(await ids({query: {term: {'name.keyword': 'Red wool socks'}}})).to.deep.equal(['3'])
    expect(await ids({query: {terms: {tags: ['sale', 'missing']}}})).to.deep.equal(['1'])
  })

  it('range works on numbers and dates, with date math', async () => {
    expect(await ids({query: {range: {price: {gte: 49.99, lt: 89.5}}}})).to.deep.equal(['1', '4'])
    expect(await ids({query: {range: {created_at: {gte: '2024-01-01', lte: '2024-02-01T00:00:00Z'}}}})).to.deep.equal(['1', '2'])
    expect(await ids({query: {range: {created_at: {lt: 'now-1y'}}}})).to.have.length.greaterThan(0)
  })

  it('exists, ids, prefix, wildcard', async () => {
    expect(await ids({query: {exists: {field: 'note'}}})).to.deep.equal(['4'])
    expect(await ids({query: {exists: {field: 'tags'}}})).to.deep.equal(['1', '2'])
    expect(await ids({query: {ids: {values: ['2', '3', '99']}}})).to.deep.equal(['2', '3'])
    expect(await ids({query: {prefix: {brand: 'Ac'}}})).to.deep.equal(['1', '3'])
    expect(await ids({query: {wildcard: {name: 'wat*f'}}})).to.deep.equal(['4'])
  })

  it('bool combines must, filter, should, must_not and minimum_should_match', async () => {
    expect(await ids({query: {bool: {must: [{match: {name: 'shoes'}}], filter: [{term: {active: true}}], must_not: [{term: {brand: 'Initech'}}]}}})).to.deep.equal(['1'])
    expect(await ids({query: {bool: {should: [{term: {brand: 'Acme'}}, {term: {category: 'apparel'}}], minimum_should_match: 2}}})).to.deep.equal(['3'])
    expect(await ids({query: {bool: {filter: {term: {category: 'apparel'}}, should: [{term: {brand: 'Nope'}}]}}})).to.deep.equal(['2', '3'])
  })

  it('multi_match honours field boosts in the score', async () => {
    const r = await call(em.url, 'POST', '/shop/_search', {query: {multi_match: {query: 'acme red', fields: ['brand^10', 'name']}}})
    expect(r.body.hits.hits[0]._source.brand).to.equal('Acme')
    expect(r.body.hits.max_score).to.equal(r.body.hits.hits[0]._score)
  })

  it('query_string and simple_query_string understand a useful subset', async () => {
    expect(await ids({query: {query_string: {query: 'category:footwear AND NOT brand:Initech'}}})).to.deep.equal(['1'])
    expect(await ids({query: {query_string: {query: '"running shoes" OR socks'}}})).to.deep.equal(['1', '3'])
    expect(await ids({query: {simple_query_string: {query: 'red -socks', fields: ['name'], default_operator: 'and'}}})).to.deep.equal(['1'])
    const uri = await call(em.url, 'GET', '/shop/_search?q=name:jacket')
    expect(uri.body.hits.hits.map((h: {_id: string}) => h._id)).to.deep.equal(['2'])
  })

  it('query_string accepts the one-sided range operators <, <=, > and >=, as OpenSearch does', async () => {
    expect(await ids({query: {query_string: {query: 'price:<49.99'}}})).to.deep.equal(['3'])
    expect(await ids({query: {query_string: {query: 'price:<=49.99'}}})).to.deep.equal(['1', '3', '4'])
    expect(await ids({query: {query_string: {query: 'price:>49.99'}}})).to.deep.equal(['2'])
    expect(await ids({query: {query_string: {query: 'category:footwear AND price:>=49.99'}}})).to.deep.equal(['1', '4'])
    expect(await ids({query: {query_string: {query: 'created_at:<2024-01-01'}}})).to.deep.equal(['3'])
  })

  it('filters _source and highlights matched terms', async () => {
    const r = await call(em.url, 'POST', '/shop/_search', {
      query: {match: {name: 'wool'}},
      _source: {includes: ['name', 'pri*'], excludes: ['price']},
      highlight: {fields: {name: {}}},
    })
    expect(r.body.hits.hits[0]._source).to.deep.equal({name: 'Red wool socks'})
    expect(r.body.hits.hits[0].highlight).to.deep.equal({name: ['Red <em>wool</em> socks']})
    const none = await call(em.url, 'GET', '/shop/_search?_source=false&size=1')
    expect(none.body.hits.hits[0]).to.not.have.property('_source')
  })

  it('sorts with missing values last and returns sort values', async () => {
    const r = await call(em.url, 'POST', '/shop/_search', {sort: [{'note.keyword': {order: 'asc'}}, {price: 'desc'}, {_id: 'asc'}]})
    const hits = r.body.hits.hits
    expect(hits[0]._id).to.equal('4')
    expect(hits[0]._score).to.equal(null)
    expect(hits.map((h: {sort: unknown[]}) => h.sort)).to.deep.equal([
      ['limited', 49.99, '4'],
      [null, 89.5, '2'],
      [null, 49.99, '1'],
      [null, 9.99, '3'],
    ])
  })

  it('refuses to sort on a text field and on an unmapped field, as OpenSearch does', async () => {
    const text = await call(em.url, 'POST', '/shop/_search', {sort: ['name']})
    expect(text.status).to.equal(400)
    expect(text.body.error.root_cause[0].reason).to.match(/^Text fields are not optimised/)
    const unmapped = await call(em.url, 'POST', '/shop/_search', {sort: ['nope']})
    expect(unmapped.status).to.equal(400)
    expect(unmapped.body.error.root_cause[0].reason).to.equal('No mapping found for [nope] in order to sort on')
  })

  it('rejects unknown query types with parsing_exception', async () => {
    const r = await call(em.url, 'POST', '/shop/_search', {query: {fancy: {}}})
    expect(r.status).to.equal(400)
    expect(r.body.error.type).to.equal('parsing_exception')
  })

  it('nested queries match within one array element', async () => {
    em.seed('nest', [
      {_id: 'a', _source: {variants: [{color: 'Red', size: 'M'}, {color: 'Blue', size: 'L'}]}},
      {_id: 'b', _source: {variants: [{color: 'Red', size: 'L'}]}},
    ], {mappings: {properties: {variants: {type: 'nested', properties: {color: {type: 'keyword'}, size: {type: 'keyword'}}}}}})
    const r = await call(em.url, 'POST', '/nest/_search', {
      query: {nested: {path: 'variants', query: {bool: {filter: [{term: {'variants.color': 'Red'}}, {term: {'variants.size': 'L'}}]}}}},
    })
    expect(r.body.hits.hits.map((h: {_id: string}) => h._id)).to.deep.equal(['b'])
  })
})
