import {expect} from 'chai'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {CopyPlan} from '../../src/lib/dryrun/copy-plan.js'
import type {RestorePlan} from '../../src/lib/dryrun/restore-plan.js'
import {aoss} from '../support/cli.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'

const WRITE_ROUTES = ['bulk', 'doc.put', 'doc.post', 'doc.create', 'doc.update', 'doc.delete', 'index.create', 'index.delete', 'mapping.put', 'settings.put', 'aliases.update']
const writes = (emulator: Emulator) => Object.keys(emulator.counters).filter((route) => WRITE_ROUTES.includes(route))

describe('restore and copy --dry-run', function () {
  this.timeout(60_000)
  let source: Emulator
  let target: Emulator
  let dir: string
  let file: string

  before(async () => {
    source = await startEmulator({flavour: 'managed'})
    target = await startEmulator({flavour: 'serverless'})
    source.seed('inventory', generateInventory(1200), {mappings: inventoryMappings, settings: {index: {number_of_shards: 2}}})
    target.seed('other', [], {mappings: {properties: {sku: {type: 'text'}}}})
    dir = await mkdtemp(join(tmpdir(), 'aoss-dry-write-'))
    file = join(dir, 'inventory.ndjson')
    await writeFile(file, [...generateInventory(1200)].map((doc) => JSON.stringify({_index: 'inventory', _id: doc._id, _source: doc._source})).join('\n') + '\n')
  })
  after(async () => {
    await source.stop()
    await target.stop()
    await rm(dir, {recursive: true, force: true})
  })

  it('restore: counts the file, cuts the _bulk batches, names a missing target, and writes nothing', async () => {
    target.resetCounters()
    const {result, error} = await aoss<RestorePlan>(['restore', file, '--index', 'fresh', '-e', target.url, '--auth', 'none', '--dry-run', '--batch-docs', '500', '--json'])
    expect(error).to.equal(undefined)
    expect(result!.source).to.include({kind: 'file', docs: 1200})
    expect(result!.bulk).to.include({requests: 3, docs: 1200})
    expect(result!.target).to.include({exists: false, action: 'dynamic', ids: 'unknown'})
    expect(result!.estimateBasis).to.match(/round trip to the target .* median of 3 HEAD fresh/)
    expect(writes(target)).to.deep.equal([])
  })

  it('restore into an existing index: the mapping of a data file is not compared, the plan is printed for people', async () => {
    target.resetCounters()
    const {stdout, error} = await aoss(['restore', file, '--index', 'other', '-e', target.url, '--auth', 'none', '--dry-run'])
    expect(error).to.equal(undefined)
    expect(stdout).to.match(/dry run: restore would write 1,200 docs in 1 _bulk request, at least .*; nothing was written/)
    expect(stdout).to.include('target other (serverless): exists; documents are written into it')
    expect(writes(target)).to.deep.equal([])
  })

  it('copy: the source read plan, the settings Serverless refuses, mapping differences, and no writes on either side', async () => {
    source.resetCounters()
    target.resetCounters()
    const common = ['copy', 'inventory', '-e', source.url, '--auth', 'none', '--to-endpoint', target.url, '--to-auth', 'none', '--dry-run', '--json']
    const created = await aoss<CopyPlan>([...common, '--to-index', 'fresh', '--create-index'])
    expect(created.error).to.equal(undefined)
    expect(created.result!.read.docs).to.equal(1200)
    expect(created.result!.target.settingsRefused).to.include('index.number_of_shards')
    const into = await aoss<CopyPlan>([...common, '--to-index', 'other'])
    expect(into.result!.target.mappingDifferences[0]).to.equal('sku: keyword in the source, text in the target')
    expect(into.result!.estimateMs).to.be.greaterThan(0)
    expect([...writes(source), ...writes(target)]).to.deep.equal([])
    expect(source.counters['pit.create']).to.equal(source.counters['pit.delete'])
  })
})
