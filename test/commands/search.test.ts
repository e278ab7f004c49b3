import {expect} from 'chai'

import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {cli, aoss} from '../support/cli.js'

const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '')

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`aoss search / count (${flavour})`, () => {
    let emulator: Emulator
    const conn = () => ['-e', emulator.url, '--auth', 'none']
    const run = (...argv: string[]) => aoss([...argv, ...conn()])
    before(async () => {
      emulator = await startEmulator({flavour})
      emulator.seed('inventory', generateInventory(500), {mappings: inventoryMappings})
    })
    after(() => emulator.stop())

    it('--query takes a Lucene string or inline DSL, and --q is the same flag', async () => {
      const counted = async (...argv: string[]) => {
        const {stdout, error} = await run('count', 'inventory', ...argv)
        expect(error).to.equal(undefined)
        return Number(stdout.trim())
      }

      const lucene = await counted('--query', 'category:footwear')
      expect(lucene).to.be.greaterThan(0).and.lessThan(500)
      expect(await counted('--q', 'category:footwear')).to.equal(lucene)
      expect(await counted('-q', '{"term":{"category":"footwear"}}')).to.equal(lucene)
      expect(await counted('category:footwear', '--lucene')).to.equal(lucene)
    })

    it('shows cards under the hit count and took', async () => {
      const {stdout, error} = await run('search', 'inventory', 'red', '--size', '3')
      expect(error).to.equal(undefined)
      const lines = stdout.split('\n')
      expect(lines[0]).to.match(/^\d[\d,]* hits, showing 1–3 · \d+ ms$/)
      expect(stdout).to.match(/\n1\. .+ {2}score \d+\.\d\d\n {3}_id +SKU-/)
      expect(stdout).to.match(/\n {3}matched +\w+: .*Red/)
      expect(stdout).to.contain('\n3. ')
    })

    it('--json prints the raw hits as NDJSON, the same hits as the cards', async () => {
      // runCommand re-splits its argv on spaces, so a two-word query goes through the real entry point.
      const cards = await cli(['search', 'inventory', 'red shoes', '--size', '5', ...conn()])
      const ndjson = await cli(['search', 'inventory', 'red shoes', '--size', '5', '--json', ...conn()])
      const hits = ndjson.stdout.trim().split('\n').map((line) => JSON.parse(line))
      expect(hits).to.have.length.greaterThan(0)
      for (const hit of hits) {
        expect(hit).to.have.keys('_index', '_id', '_score', '_source', 'highlight')
        expect(cards.stdout).to.contain(hit._id)
      }
    })

    it('has the same content on a terminal and in a pipe, only without colour', async () => {
      const argv = ['search', 'inventory', 'red shoes', '--size', '4', ...conn()]
      const coloured = await cli(argv, {env: {NO_COLOR: '', FORCE_COLOR: '1'}})
      const piped = await cli(argv)
      expect(coloured.stdout).to.match(/\u001B\[/)
      expect(piped.stdout).to.not.match(/\u001B\[/)
      expect(stripAnsi(coloured.stdout).replace(/· \d+ ms/, '')).to.equal(piped.stdout.replace(/· \d+ ms/, ''))
    })

    it('pages with --sort and --search-after past what --from reaches', async () => {
      const first = await run('search', 'inventory', '--sort', 'price:desc,sku', '--size', '2', '--fields', 'sku,price')
      const next = /next page: --search-after '(.+)'/.exec(first.stdout)?.[1]
      expect(next).to.be.a('string')
      const second = await run('search', 'inventory', '--sort', 'price:desc,sku', '--size', '2', '--json', '--search-after', next as string)
      const firstIds = (await run('search', 'inventory', '--sort', 'price:desc,sku', '--size', '4', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l)._id)
      expect(second.stdout.trim().split('\n').map((l) => JSON.parse(l)._id)).to.deep.equal(firstIds.slice(2))
      const deep = await run('search', 'inventory', '--from', '9995')
      expect(deep.error?.oclif?.exit).to.equal(2)
      expect(deep.stderr).to.contain('--search-after')
      expect((await run('search', 'inventory', '--search-after', '[1]')).error?.oclif?.exit).to.equal(2)
    })

    it('follows the next-page hint through hits that tie on the sort field without skipping any', async () => {
      const prices = [494.99, 494.99, 494.99, 120, 120, 99.5, 99.5, 10]
      emulator.seed('ties', prices.map((price, i) => ({_id: `t${i}`, _source: {sku: `T-${i}`, price}})), {
        mappings: {properties: {sku: {type: 'keyword'}, price: {type: 'float'}}},
      })
      const seen: string[] = []
      let after: string | undefined
      for (let page = 0; page < prices.length; page++) {
        const cards = await run('search', 'ties', '--sort', 'price:desc', '--size', '2', ...(after ? ['--search-after', after] : []))
        expect(cards.error).to.equal(undefined)
        seen.push(...[...cards.stdout.matchAll(/_id +(t\d)/g)].map((m) => m[1]!))
        after = /next page: --search-after '(.+)'/.exec(cards.stdout)?.[1]
        if (after === undefined) break
        expect(JSON.parse(after)).to.have.length(2)
      }

      expect([...seen].sort()).to.deep.equal(prices.map((_, i) => `t${i}`))
      const short = await run('search', 'ties', '--sort', 'price:desc', '--search-after', '[494.99]')
      expect(short.error?.oclif?.exit).to.equal(2)
      expect(short.stderr).to.contain('the sort has 2 (price, _id)')
    })

    it('tells an unsorted search how to reach the next page', async () => {
      const {stdout} = await run('search', 'inventory', '--size', '3')
      expect(stdout).to.contain('next page: --from 3')
    })

    it('reports a query the server rejects, and an unknown index, in one line', async () => {
      const bad = await cli(['search', 'inventory', '--query', '-', ...conn()], {input: '{"query": {"bogus": {}}}'})
      expect(bad.code).to.equal(2)
      expect(bad.stderr.split('\n')[0]).to.equal('Error: searching inventory: query rejected: parsing_exception: unknown query [bogus]')
      const malformed = await cli(['search', 'inventory', '--query', '-', ...conn()], {input: '{"query": {"match_all": {}}'})
      expect(malformed.stderr.split('\n')[0]).to.equal("Error: malformed JSON in stdin at line 1, column 28: expected ',' or '}' after a property value, found the end of the input")
      const missing = await run('search', 'nosuch', 'red')
      expect(missing.error?.oclif?.exit).to.equal(5)
      const jsonError = await run('search', 'nosuch', 'red', '--json')
      expect(jsonError.stdout).to.equal('')
      expect(JSON.parse(jsonError.stderr).error).to.include({code: 'INDEX_NOT_FOUND', exitCode: 5})
    })

    it('count prints the number alone, with the same query syntax', async () => {
      const all = await run('count', 'inventory')
      expect(all.stdout).to.equal('500\n')
      const red = await run('count', 'inventory', 'red')
      const search = await run('search', 'inventory', 'red', '--json', '--size', '500')
      expect(Number(red.stdout)).to.equal(search.stdout.trim().split('\n').filter(Boolean).length)
      const json = await run('count', 'inventory', '--json')
      expect(JSON.parse(json.stdout)).to.deep.equal({index: 'inventory', count: 500})
      expect((await run('count', 'nosuch')).error?.oclif?.exit).to.equal(5)
    })
  })
}
