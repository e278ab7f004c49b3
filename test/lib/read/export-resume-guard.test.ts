import {expect} from 'chai'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {AossError} from '../../../src/lib/errors.js'
import {CHECKPOINT_VERSION, checkpointPath} from '../../../src/lib/read/checkpoint.js'
import {runExport} from '../../../src/lib/read/export.js'
import type {Emulator} from '../../support/emulator/index.js'
import {fastClient, inventoryEmulator} from '../../support/reader-helpers.js'

describe('export --resume of another index or with other options', () => {
  let emulator: Emulator
  let dir: string
  before(async () => {
    emulator = await inventoryEmulator({flavour: 'serverless'}, 50)
    dir = mkdtempSync(join(tmpdir(), 'aoss-resume-'))
  })
  after(async () => {
    await emulator.stop()
    rmSync(dir, {recursive: true, force: true})
  })

  it('is refused before anything is read or written', async () => {
    const output = join(dir, 'orders.jsonl')
    writeFileSync(output, '')
    const now = new Date().toISOString()
    writeFileSync(checkpointPath(output), JSON.stringify({
      version: CHECKPOINT_VERSION, index: 'orders', tiebreaker: '_id', format: 'hit', gzip: false, batchSize: 1000, keepAlive: '5m',
      strategy: 'pit', slices: [{id: 0, docs: 0, done: false}], docs: 0, bytes: 0, startedAt: now, updatedAt: now,
    }))
    emulator.resetCounters()
    const error = await runExport(await fastClient(emulator.url), {index: 'inventory', output, resume: true, format: 'hit', gzip: false}).then(
      () => expect.fail('expected a usage error'),
      (error_: AossError) => error_,
    )
    expect(error.exitCode).to.equal(2)
    expect(error.message).to.contain('records an export of orders, not inventory')
    expect(emulator.counters.total ?? 0).to.equal(0)
  })

  it('with another --format is refused, naming both formats, and the file is left as it was', async () => {
    const output = join(dir, 'inventory.jsonl')
    const client = await fastClient(emulator.url)
    const first = await runExport(client, {index: 'inventory', output, maxDocs: 10})
    expect(first.docs).to.equal(10)
    const kept = readFileSync(output, 'utf8')
    // An unfinished run: the checkpoint says more is to come.
    const now = new Date().toISOString()
    writeFileSync(checkpointPath(output), JSON.stringify({
      version: CHECKPOINT_VERSION, index: 'inventory', tiebreaker: '_id', format: 'hit', gzip: false, batchSize: 1000, keepAlive: '5m',
      strategy: 'pit', slices: [{id: 0, docs: 10, done: false}], docs: 10, bytes: Buffer.byteLength(kept), startedAt: now, updatedAt: now,
    }))
    emulator.resetCounters()
    const error = await runExport(client, {index: 'inventory', output, resume: true, format: 'source'}).catch((e: AossError) => e)
    expect((error as AossError).exitCode).to.equal(2)
    expect((error as AossError).message).to.contain('--format source').and.contain('records --format hit')
    expect(emulator.counters.total ?? 0).to.equal(0)
    expect(readFileSync(output, 'utf8')).to.equal(kept)
  })
})
