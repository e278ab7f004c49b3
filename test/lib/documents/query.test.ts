import {expect} from 'chai'

import {dslToBody, parseFields, parseSort, textToQuery} from '../../../src/lib/documents/query.js'
import {buildSearchBody} from '../../../src/lib/documents/search.js'

describe('query building', () => {
  it('turns a typed string into simple_query_string (all words), or query_string with --lucene', () => {
    expect(textToQuery('red shoes')).to.deep.equal({simple_query_string: {query: 'red shoes', default_operator: 'and', lenient: true}})
    expect(textToQuery('color:red AND price:<50', true)).to.deep.equal({query_string: {query: 'color:red AND price:<50', lenient: true}})
    expect(textToQuery(undefined)).to.deep.equal({match_all: {}})
    expect(textToQuery(' * ')).to.deep.equal({match_all: {}})
  })

  it('takes a DSL file as a whole body or as one clause', () => {
    expect(dslToBody({match: {name: 'shoes'}})).to.deep.equal({query: {match: {name: 'shoes'}}})
    expect(dslToBody({query: {match_all: {}}, sort: ['price']})).to.deep.equal({query: {match_all: {}}, sort: ['price']})
    expect(() => dslToBody({query: {}, match: {}})).to.throw(/mixes search body keys with other keys: match/)
    expect(() => dslToBody([1])).to.throw(/must hold a JSON object/)
  })

  it('parses sort specs', () => {
    expect(parseSort(['price:desc,name', '_score', '@timestamp:ASC'])).to.deep.equal([
      {price: {order: 'desc'}},
      {name: {order: 'asc'}},
      {_score: {order: 'desc'}},
      {'@timestamp': {order: 'asc'}},
    ])
    expect(() => parseSort(['price:down'])).to.throw(/order after ':' must be asc or desc/)
    expect(parseFields('name, price,,dimensions.width_cm')).to.deep.equal(['name', 'price', 'dimensions.width_cm'])
  })

  it('builds a body with size 10 by default, highlights and paging', () => {
    expect(buildSearchBody({index: 'i', text: 'red'})).to.deep.include({size: 10, highlight: {fields: {'*': {}}, fragment_size: 80, number_of_fragments: 2}})
    expect(buildSearchBody({index: 'i'})).to.not.have.property('highlight')
    const paged = buildSearchBody({index: 'i', text: 'red', size: 100, sort: ['sku'], searchAfter: ['SKU-1', 'SKU-1'], fields: ['name']})
    expect(paged).to.deep.include({size: 100, sort: [{sku: {order: 'asc'}}, {_id: {order: 'asc'}}], search_after: ['SKU-1', 'SKU-1'], _source: ['name']})
    expect(buildSearchBody({index: 'a,b', sort: ['price:desc']}).sort).to.deep.equal([{price: {order: 'desc'}}, {_index: {order: 'asc'}}, {_id: {order: 'asc'}}])
    expect(buildSearchBody({index: 'i', sort: ['_id:desc']}).sort).to.deep.equal([{_id: {order: 'desc'}}])
    expect(() => buildSearchBody({index: 'i', searchAfter: ['x']})).to.throw(/--search-after needs --sort/)
    expect(() => buildSearchBody({index: 'i', text: 'a', dsl: {match_all: {}}})).to.throw(/either QUERY or --query/)
    // A DSL body's own size wins over the default, a flag wins over both.
    expect(buildSearchBody({index: 'i', dsl: {query: {match_all: {}}, size: 3}}).size).to.equal(3)
    expect(buildSearchBody({index: 'i', dsl: {query: {match_all: {}}, size: 3}, size: 5}).size).to.equal(5)
  })
})
