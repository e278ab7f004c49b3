import {expect} from 'chai'

import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {cli, aoss} from '../support/cli.js'

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`aoss doc … (${flavour})`, () => {
    let emulator: Emulator
    const conn = () => ['-e', emulator.url, '--auth', 'none']
    const run = (...argv: string[]) => aoss([...argv, ...conn()])
    before(async () => {
      emulator = await startEmulator({flavour})
      emulator.seed('inventory', generateInventory(20), {mappings: inventoryMappings})
    })
    after(() => emulator.stop())

    it('doc put --data prints the id, result and version; --id replaces', async () => {
      const first = await cli(['doc', 'put', 'inventory', '--id', 'SKU-X', '--data', '{"name": "Red shoes", "price": 59.9}', ...conn()])
      expect(first.code).to.equal(0)
      expect(first.stdout).to.equal('result  created\nindex   inventory\nid      SKU-X\nversion 1\n')
      const second = await cli(['doc', 'put', 'inventory', '--id', 'SKU-X', '--data', '{"name": "Red shoes", "price": 49.9}', '--json', ...conn()])
      expect(JSON.parse(second.stdout)).to.include({id: 'SKU-X', result: 'updated', version: 2})
    })

    it('doc put reads piped stdin and --file -', async () => {
      const piped = await cli(['doc', 'put', 'inventory', '--json', ...conn()], {input: '{"name": "Blue mug"}'})
      expect(piped.code).to.equal(0)
      const {id} = JSON.parse(piped.stdout)
      expect(emulator.state.indices.get('inventory')?.docs.get(id)?.source).to.deep.equal({name: 'Blue mug'})
      const dash = await cli(['doc', 'put', 'inventory', '-f', '-', ...conn()], {input: '{"name": "Green mug"}'})
      expect(dash.code).to.equal(0)
    })

    it('doc put: malformed JSON, a mapping conflict and exclusive flags are one-line errors', async () => {
      const malformed = await cli(['doc', 'put', 'inventory', '--data', '{"name": "x",\n "price" 3}', ...conn()])
      expect(malformed.code).to.equal(2)
      expect(malformed.stderr.split('\n')[0]).to.equal("Error: malformed JSON in --data at line 2, column 10: expected ':' after a property name, found '3'")
      const conflict = await cli(['doc', 'put', 'inventory', '--data', '{"price": "cheap"}', ...conn()])
      expect(conflict.code).to.equal(2)
      expect(conflict.stderr.split('\n')[0]).to.match(/^Error: writing to inventory: document rejected, it conflicts with the index mapping: .*\[price\]/)
      expect(conflict.stderr).to.not.match(/\n\s+at /)
      const both = await run('doc', 'put', 'inventory', '--data', '{}', '--interactive')
      expect(both.error?.oclif?.exit).to.equal(2)
      const noTerminal = await run('doc', 'put', 'inventory', '--interactive')
      expect(noTerminal.error?.oclif?.exit).to.equal(2)
      expect(noTerminal.stderr).to.contain('--interactive needs a terminal')
    })

    it('doc get prints the source; doc delete removes it; both exit 5 when it is gone', async () => {
      const get = await run('doc', 'get', 'inventory', 'SKU-X')
      expect(JSON.parse(get.stdout)).to.deep.equal({name: 'Red shoes', price: 49.9})
      expect(get.stderr).to.contain('inventory/SKU-X · version 2')
      const json = await run('doc', 'get', 'inventory', 'SKU-X', '--json')
      expect(JSON.parse(json.stdout)).to.include({_id: 'SKU-X', found: true})
      const del = await run('doc', 'delete', 'inventory', 'SKU-X')
      expect(del.stdout).to.contain('deleted inventory/SKU-X')
      expect((await run('doc', 'get', 'inventory', 'SKU-X')).error?.oclif?.exit).to.equal(5)
      expect((await run('doc', 'delete', 'inventory', 'SKU-X')).error?.oclif?.exit).to.equal(5)
      const noIndex = await run('doc', 'get', 'nosuch', '1')
      expect(noIndex.stderr).to.contain('index not found: nosuch')
    })
  })
}

describe('aoss doc put on a time-series collection', () => {
  let emulator: Emulator
  before(async () => {
    emulator = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    emulator.seed('logs', [])
  })
  after(() => emulator.stop())

  it('refuses --id in one line with a hint', async () => {
    const {code, stderr} = await cli(['doc', 'put', 'logs', '--id', 'a1', '--data', '{"msg": "hi"}', '-e', emulator.url, '--auth', 'none'])
    expect(code).to.equal(2)
    expect(stderr).to.equal(
      'Error: writing to logs: this collection does not accept custom document ids (time-series and vector search collections assign their own)\n' +
        'Hint: Leave out --id; the server generates one and prints it.\n',
    )
  })
})
