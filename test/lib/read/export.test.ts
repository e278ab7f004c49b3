import {expect} from 'chai'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Client} from '../../../src/lib/connection/client.js'
import {AossError} from '../../../src/lib/errors.js'
import {readCheckpoint} from '../../../src/lib/read/checkpoint.js'
import {runExport} from '../../../src/lib/read/export.js'
import {generateInventory} from '../../support/data/inventory.js'
import type {Emulator} from '../../support/emulator/index.js'
import {fastClient, inventoryEmulator} from '../../support/reader-helpers.js'

describe('runExport', function () {
  this.timeout(60_000)
  let emulator: Emulator
  let client: Client
  let dir: string

  beforeEach(async () => {
    emulator = await inventoryEmulator({flavour: 'serverless', latencyMs: 5}, 3000)
    client = await fastClient(emulator.url)
    dir = await mkdtemp(join(tmpdir(), 'aoss-run-export-'))
  })
  afterEach(async () => {
    await client.close()
    await emulator.stop()
    await rm(dir, {recursive: true, force: true})
  })

  it('reports a difference between the count and what was written (no snapshot, docs added meanwhile)', async () => {
    const output = join(dir, 'out.jsonl')
    let added = false
    const error = await runExport(client, {index: 'inventory', output, format: 'hit', gzip: false, strategy: 'search-after', batchSize: 500}, {
      onProgress: () => {
        if (!added) emulator.seed('inventory', generateInventory(10, {start: 50_000, bytes: 200}))
        added = true
      },
    }).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(AossError)
    expect((error as AossError).exitCode).to.equal(3)
    expect((error as AossError).message).to.match(/wrote 3010 documents but 3000 matched/)
  })

  it('on abort: deletes the PIT, keeps a checkpoint of what was written, and fails with exit 3', async () => {
    const output = join(dir, 'out.jsonl')
    const controller = new AbortController()
    const error = await runExport(client, {index: 'inventory', output, format: 'hit', gzip: false, batchSize: 200, slices: 2, signal: controller.signal}, {
      onProgress: (p) => {
        if (p.docs >= 1000) controller.abort()
      },
    }).catch((e: unknown) => e)
    expect((error as AossError).exitCode).to.equal(3)
    expect((error as AossError).hints.join(' ')).to.match(/--resume/)
    expect(emulator.state.pits.all(Date.now())).to.have.length(0)
    const checkpoint = await readCheckpoint(output)
    expect(checkpoint?.docs).to.be.at.least(1000)
    const lines = (await readFile(output, 'utf8')).split('\n').filter(Boolean)
    expect(lines.length).to.equal(checkpoint?.docs)
  })

  it('exports a wildcard pattern with _index on every line', async () => {
    emulator.seed('inventory-b', generateInventory(500, {start: 10_000, bytes: 200}))
    const output = join(dir, 'out.jsonl')
    const summary = await runExport(client, {index: 'inventory*', output, format: 'hit', gzip: false, slices: 2})
    expect(summary).to.include({docs: 3500, expected: 3500, complete: true})
    const indices = new Set((await readFile(output, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l)._index))
    expect([...indices].sort()).to.deep.equal(['inventory', 'inventory-b'])
  })
})
