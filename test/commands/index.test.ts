import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {cli, aoss} from '../support/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'aoss-index-'))
const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const mappings = file('mappings.json', JSON.stringify({properties: {name: {type: 'text'}, price: {type: 'float'}}}))
const settings = file('settings.json', JSON.stringify({index: {number_of_shards: 2, number_of_replicas: 1}}))
const broken = file('broken.json', '{\n  "properties": {\n    "name": {"type": "text"},\n  }\n}\n')

// A root-level hook: the files serve both flavours' suites below, so they go once the whole run is over.
after(() => rmSync(dir, {recursive: true, force: true}))

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`aoss index … (${flavour})`, () => {
    let emulator: Emulator
    const run = (...argv: string[]) => aoss([...argv, '-e', emulator.url, '--auth', 'none'])
    before(async () => {
      emulator = await startEmulator({flavour, newIndexUnwritableMs: flavour === 'serverless' ? 300 : 0})
    })
    after(() => emulator.stop())

    it('index create: mappings and settings, shard settings dropped with a warning only on serverless', async () => {
      const {stdout, stderr, error, result} = await run('index', 'create', 'products', '--mappings', mappings, '--settings', settings)
      expect(error).to.equal(undefined)
      expect(stdout).to.match(/^created index products/)
      expect(result).to.include({index: 'products', created: true, flavour: flavour === 'serverless' ? 'serverless' : 'self-managed'})
      if (flavour === 'serverless') {
        expect(stderr).to.contain('Warning: dropped index.number_of_shards, index.number_of_replicas: OpenSearch Serverless manages shards and replicas itself.')
        expect(stderr).to.contain('waiting until products accepts writes')
      } else {
        expect(stderr).to.not.contain('Warning')
        expect(emulator.state.indices.get('products')?.settings).to.deep.include({'index.number_of_shards': '2'})
      }

      // Writable at once after the command returns.
      const put = await cli(['doc', 'put', 'products', '--data', '{"name": "Red shoes", "price": 59.9}', '-e', emulator.url, '--auth', 'none'])
      expect(put.stderr).to.equal('')
      expect(put.code).to.equal(0)
    })

    it('index create: an existing index is a one-line error, or fine with --if-not-exists', async () => {
      const again = await run('index', 'create', 'products')
      expect(again.error?.oclif?.exit).to.equal(2)
      expect(again.stderr).to.contain('Error: creating index products: index products already exists')
      expect(again.stderr).to.contain('Hint: Pass --if-not-exists')
      const idempotent = await run('index', 'create', 'products', '--if-not-exists', '--json')
      expect(idempotent.error).to.equal(undefined)
      expect(JSON.parse(idempotent.stdout)).to.include({created: false})
    })

    it('index create: malformed JSON is reported with file, line and column', async () => {
      const {error, stderr} = await run('index', 'create', 'broken', '--mappings', broken)
      expect(error?.oclif?.exit).to.equal(2)
      expect(stderr).to.contain(`Error: malformed JSON in ${broken} at line 4, column 3: trailing comma before }`)
      expect(emulator.state.indices.has('broken')).to.equal(false)
    })

    it('index create: --body and --mappings are exclusive', async () => {
      const {error} = await run('index', 'create', 'x', '--body', mappings, '--mappings', mappings)
      expect(error?.oclif?.exit).to.equal(2)
    })

    it('index list and index get', async () => {
      const list = await run('index', 'list')
      expect(list.stdout).to.match(/products\s+\d/)
      const get = await run('index', 'get', 'products', '--only', 'mappings')
      expect(JSON.parse(get.stdout)).to.deep.equal({products: {mappings: {properties: {name: {type: 'text'}, price: {type: 'float'}}}}})
      const missing = await run('index', 'get', 'nosuch')
      expect(missing.error?.oclif?.exit).to.equal(5)
      expect(missing.stderr).to.contain('index not found: nosuch')
    })

    it('index get output feeds index create --body', async () => {
      const get = await run('index', 'get', 'products')
      const copy = file(`copy-${flavour}.json`, get.stdout)
      const {error, stderr} = await run('index', 'create', 'products-copy', '--body', copy)
      expect(error).to.equal(undefined)
      expect(stderr).to.match(/left out read-only settings|^$|waiting/)
    })

    it('index delete: refuses without a terminal unless --force, then deletes', async () => {
      const refused = await run('index', 'delete', 'products')
      expect(refused.error?.oclif?.exit).to.equal(2)
      expect(refused.stderr).to.contain('refusing to delete index products without confirmation')
      expect(emulator.state.indices.has('products')).to.equal(true)
      const {stdout, error} = await run('index', 'delete', 'products', '--force')
      expect(error).to.equal(undefined)
      expect(stdout).to.contain('deleted index products')
      expect(emulator.state.indices.has('products')).to.equal(false)
      const missing = await run('index', 'delete', 'products', '--force')
      expect(missing.error?.oclif?.exit).to.equal(5)
      expect((await run('index', 'delete', 'prod*', '--force')).error?.oclif?.exit).to.equal(2)
    })
  })
}
