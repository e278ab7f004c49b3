import {expect} from 'chai'
import {execFile, spawn} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {gzipSync} from 'node:zlib'

import {AossCommand} from '../../src/cli/base-command.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {aoss} from '../support/cli.js'

const run = promisify(execFile)
const FAST = {maxRetries: 6, baseMs: 1, capMs: 5, maxRetryAfterMs: 10}

function ndjson(count: number): string {
  return [...generateInventory(count)].map((doc) => JSON.stringify({_index: 'inventory', _id: doc._id, _source: doc._source})).join('\n') + '\n'
}

describe('aoss restore', function () {
  this.timeout(60_000)
  let dir: string
  let target: Emulator
  const restore = (...args: string[]) => aoss(['restore', ...args, '-e', target.url, '--auth', 'none', '--dead-letter', join(dir, 'dead.ndjson')])

  before(() => {
    AossCommand.clientOverrides = {retry: FAST}
  })

  after(() => {
    AossCommand.clientOverrides = undefined
  })

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aoss-restore-cmd-'))
  })

  afterEach(async () => {
    await target?.stop()
    await rm(dir, {recursive: true, force: true})
  })

  it('restores a file written by elasticdump into an AOSS search collection, ids kept', async () => {
    const source = await startEmulator({flavour: 'managed'})
    try {
      source.seed('inventory', generateInventory(1200), {mappings: inventoryMappings})
      const file = join(dir, 'dump.json')
      await run('node_modules/.bin/elasticdump', [`--input=${source.url}/inventory`, `--output=${file}`, '--type=data', '--limit=500'])
      target = await startEmulator({flavour: 'serverless', visibilityDelayMs: 300})

      const {stdout, stderr, error} = await restore(file, '--index', 'inventory', '--batch-bytes', '256KiB')
      expect(error).to.equal(undefined)
      expect(stdout).to.match(/restored\s+elasticdump file .*dump\.json → inventory/)
      expect(stdout).to.match(/written\s+1,200 of 1,200/)
      expect(stdout).to.match(/count\s+1,200 in inventory\s+ok/)
      expect(stderr).to.match(/waiting up to 120 s for the documents to become visible/)
      const restored = target.state.indices.get('inventory')!.docs
      const original = source.state.indices.get('inventory')!.docs
      expect(restored.size).to.equal(1200)
      for (const [id, doc] of original) expect(restored.get(id)?.source, id).to.deep.equal(doc.source)
    } finally {
      await source.stop()
    }
  })

  it('--id-mode auto on a time-series collection: one warning, ids dropped, JSON result', async () => {
    target = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    // An existing target: a missing one would add the warning about guessed mappings.
    target.seed('logs', [], {mappings: inventoryMappings})
    await writeFile(join(dir, 'inv.ndjson'), ndjson(300))
    const {stdout, stderr, error} = await restore(join(dir, 'inv.ndjson'), '-i', 'logs', '--id-mode', 'auto', '--batch-docs', '100', '--json')
    expect(error).to.equal(undefined)
    const result = JSON.parse(stdout)
    expect(result).to.deep.include({written: 300, failed: 0, idsDropped: true, complete: true})
    expect(stderr).to.equal('')
    expect(result.warnings).to.have.length(1)
    expect(result.warnings[0]).to.match(/refuses custom document ids .* a re-run will duplicate documents/)
    expect(target.state.indices.get('logs')!.docs.size).to.equal(300)
  })

  it('a missing target: mappings from --mappings, a warning without them, and --no-create refuses it', async () => {
    target = await startEmulator({flavour: 'managed'})
    const file = join(dir, 'inv.ndjson')
    await writeFile(file, ndjson(20))

    const refused = await restore(file, '-i', 'strict', '--no-create')
    expect(refused.error?.oclif?.exit).to.equal(5)
    expect(refused.stderr).to.contain('index strict does not exist, and --no-create forbids creating it')
    expect(target.state.indices.has('strict')).to.equal(false)

    const mappings = join(dir, 'mappings.json')
    await writeFile(mappings, JSON.stringify(inventoryMappings))
    const typed = await restore(file, '-i', 'typed', '--mappings', mappings)
    expect(typed.error).to.equal(undefined)
    expect(typed.stderr).to.contain(`index typed did not exist: created it with the mappings in ${mappings}`)
    expect(target.state.indices.get('typed')!.mappings).to.deep.include({properties: {...(target.state.indices.get('typed')!.mappings as any).properties, sku: {type: 'keyword'}}})

    const guessed = await restore(file, '-i', 'guessed', '--json')
    expect(guessed.error).to.equal(undefined)
    expect(JSON.parse(guessed.stdout).warnings.join('\n')).to.match(/index guessed does not exist: the server will create it and guess each field's type/)

    const again = await restore(file, '-i', 'typed', '--mappings', mappings)
    expect(again.error?.oclif?.exit).to.equal(2)
  })

  it('--id-mode keep (the default) on a time-series collection is a usage error that names the way out', async () => {
    target = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    await writeFile(join(dir, 'inv.ndjson'), ndjson(20))
    const {stderr, error} = await restore(join(dir, 'inv.ndjson'), '-i', 'logs')
    expect(error?.oclif?.exit).to.equal(2)
    expect(stderr).to.match(/^Error: logs refuses custom document ids: .*; nothing was written$/m)
    expect(stderr).to.contain('--id-mode auto')
  })

  it('throttling and a refused document: every good document written once, the bad one in the dead letter, exit 3', async () => {
    target = await startEmulator({flavour: 'serverless'})
    target.seed('inventory', [], {mappings: inventoryMappings})
    target.addFault({route: 'bulk', times: 2, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 4}})
    target.addFault({route: 'bulk', nth: 4, fault: {type: 'bulk-item-status', status: 402, everyNthItem: 3}})
    const lines = ndjson(500).trim().split('\n')
    lines[99] = lines[99].replace(/"stock":\d+/, '"stock":"lots"')
    await writeFile(join(dir, 'inv.ndjson'), lines.join('\n') + '\n')

    const {stdout, stderr, error} = await restore(join(dir, 'inv.ndjson'), '-i', 'inventory', '--batch-docs', '50', '--json')
    expect(error?.oclif?.exit).to.equal(3)
    const result = JSON.parse(stdout)
    expect(result).to.deep.include({written: 499, failed: 1, rejected: 1, complete: false, deadLetter: join(dir, 'dead.ndjson')})
    expect(result.retried).to.be.greaterThan(0)
    expect(stderr).to.equal('')
    const stored = target.state.indices.get('inventory')!.docs
    expect(stored.size).to.equal(499)
    expect([...stored.values()].every((doc) => doc.version === 1)).to.equal(true)
    const letter = JSON.parse(await readFile(join(dir, 'dead.ndjson'), 'utf8'))
    expect(letter).to.deep.include({_id: JSON.parse(lines[99])._id, line: 100})
    expect(letter.error.type).to.equal('mapper_parsing_exception')
  })

  it('a truncated .ndjson.gz is one clear error with exit 3, and nothing is written', async () => {
    target = await startEmulator({flavour: 'serverless'})
    const gz = gzipSync(ndjson(2000))
    await writeFile(join(dir, 'cut.ndjson.gz'), gz.subarray(0, gz.length - 100))
    const {stdout, stderr, error} = await restore(join(dir, 'cut.ndjson.gz'), '-i', 'inventory')
    expect(error?.oclif?.exit).to.equal(3)
    expect(stdout).to.equal('')
    expect(stderr.split('\n')[0]).to.equal(`Error: ${join(dir, 'cut.ndjson.gz')} is truncated: the gzip data ends before its end marker`)
    expect(target.counters.bulk ?? 0).to.equal(0)
  })

  it('refuses bad flag combinations with exit 2', async () => {
    target = await startEmulator({flavour: 'managed'})
    await writeFile(join(dir, 'inv.ndjson'), ndjson(1))
    expect((await restore(join(dir, 'inv.ndjson'), '-i', 'x', '--id-mode', 'sometimes')).error?.oclif?.exit).to.equal(2)
    expect((await restore(join(dir, 'inv.ndjson'), '-i', 'x', '--aliases')).error?.oclif?.exit).to.equal(2)
    expect((await restore(join(dir, 'inv.ndjson'), '-i', 'x', '--batch-bytes', 'lots')).error?.oclif?.exit).to.equal(2)
    expect((await restore(join(dir, 'missing.ndjson'), '-i', 'x')).error?.oclif?.exit).to.equal(5)
  })

  it('reads gzip NDJSON from stdin through the real entry point', async () => {
    target = await startEmulator({flavour: 'managed'})
    const child = spawn('./bin/dev.js', ['restore', '-', '-i', 'piped', '-e', target.url, '--auth', 'none', '--json'], {stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stdin.end(gzipSync(ndjson(700)))
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).to.equal(0)
    expect(JSON.parse(stdout)).to.deep.include({written: 700, complete: true, source: {name: 'stdin', kind: 'stdin', format: 'hit', producer: 'aoss'}})
    expect(target.state.indices.get('piped')!.docs.size).to.equal(700)
  })
})
