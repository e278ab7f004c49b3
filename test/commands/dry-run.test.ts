import {expect} from 'chai'

import type {ReadPlan} from '../../src/lib/dryrun/read-plan.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {aoss} from '../support/cli.js'

const WRITE_ROUTES = ['bulk', 'doc.put', 'doc.post', 'doc.create', 'doc.update', 'doc.delete', 'index.create', 'index.delete', 'mapping.put', 'settings.put', 'aliases.update']

describe('export and backup --dry-run', function () {
  this.timeout(60_000)
  let emulator: Emulator

  before(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', generateInventory(2500), {mappings: inventoryMappings})
    emulator.seed('vectors', [{_id: 'v1', _source: {title: 't', embedding: [0.1, 0.2]}}], {
      mappings: {_source: {excludes: ['secret']}, properties: {title: {type: 'text'}, embedding: {type: 'knn_vector', dimension: 2}}},
    })
  })
  after(() => emulator.stop())

  it('plans an export: docs, pages over slices, requests, a probe of the first pages of each slice, and writes nothing', async () => {
    emulator.resetCounters()
    const {stderr, error} = await aoss(['export', 'inventory', '-e', emulator.url, '--auth', 'none', '--dry-run', '--batch-size', '500', '--slices', '2', '--json'])
    expect(error).to.equal(undefined)
    const plan = JSON.parse(stderr) as ReadPlan
    const p = plan.indices[0]!
    expect(p).to.include({index: 'inventory', docs: 2500, slices: 2, pages: 6, requests: 9})
    // Both slices read to their end: 3 pages each, the first with the open and two timed.
    expect(p.probe.pages).to.equal(6)
    expect(p.estimateMs).to.be.greaterThan(0)
    expect(Object.keys(emulator.counters).filter((route) => WRITE_ROUTES.includes(route))).to.deep.equal([])
    expect(emulator.counters['pit.create']).to.equal(emulator.counters['pit.delete'])
  })

  it('names what a backup would not carry and the S3 objects it would write', async () => {
    const {stdout, error} = await aoss(['backup', 'vectors', '-e', emulator.url, '--auth', 'none', '--dry-run'])
    expect(error).to.equal(undefined)
    expect(stdout).to.include('not carried: secret: excluded from _source, so not exported')
    expect(stdout).to.include('not carried: embedding: knn_vector')
    expect(stdout).to.match(/S3: 2 objects \(chunks \+ manifest\)/)
    expect(stdout).to.include('nothing was written')
  })
})
