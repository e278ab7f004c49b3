import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {expect} from 'chai'

import {queryInput, readQueryOption} from '../../../src/lib/documents/query-option.js'
import {loadQuery} from '../../../src/lib/read/export-input.js'

describe('--query: one vocabulary for search, count, export and backup', () => {
  let file: string
  before(async () => {
    file = join(await mkdtemp(join(tmpdir(), 'aoss-query-')), 'q.json')
    await writeFile(file, '{"term": {"category": "footwear"}}')
  })

  it('reads a DSL file, inline JSON, or a Lucene string', async () => {
    expect(await readQueryOption(file)).to.deep.equal({dsl: {term: {category: 'footwear'}}})
    expect(await readQueryOption('{"match_all": {}}')).to.deep.equal({dsl: {match_all: {}}})
    expect(await readQueryOption('category:footwear AND price:<50')).to.deep.equal({lucene: 'category:footwear AND price:<50'})
    expect(await readQueryOption('name:/bo.ts/')).to.deep.equal({lucene: 'name:/bo.ts/'})
  })

  it('a value that can only be a path is a missing file, not a query', async () => {
    const error = await readQueryOption('filters/missing.json').then(() => undefined, (e: unknown) => e)
    expect((error as {code?: string}).code).to.equal('NOT_FOUND')
    expect((error as Error).message).to.equal('file not found: filters/missing.json')
  })

  it('gives export and backup a query clause, and search and count their request input', async () => {
    expect(await loadQuery(file)).to.deep.equal({term: {category: 'footwear'}})
    expect(await loadQuery('status:500')).to.deep.equal({query_string: {query: 'status:500', lenient: true}})
    expect(await loadQuery(undefined)).to.equal(undefined)
    expect(await queryInput('red shoes', false, undefined)).to.deep.equal({text: 'red shoes', lucene: false})
    expect(await queryInput(undefined, undefined, 'color:red')).to.deep.equal({text: 'color:red', lucene: true})
    expect(await queryInput(undefined, undefined, file)).to.deep.equal({dsl: {term: {category: 'footwear'}}})
    const both = await queryInput('red', false, file).then(() => undefined, (e: unknown) => e)
    expect((both as {code?: string}).code).to.equal('USAGE')
  })
})
