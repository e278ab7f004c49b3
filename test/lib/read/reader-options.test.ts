import {expect} from 'chai'

import type {AossError} from '../../../src/lib/errors.js'
import {openReader} from '../../../src/lib/read/reader.js'
import type {Emulator} from '../../support/emulator/index.js'
import {fastClient, inventoryEmulator, readAll} from '../../support/reader-helpers.js'

describe('reader options that must not quietly change how an index is read', () => {
  let emulator: Emulator
  before(async () => {
    emulator = await inventoryEmulator({flavour: 'serverless'}, 300)
  })
  after(() => emulator.stop())

  it('refuses a keep-alive that is not a time value, before any request', async () => {
    const client = await fastClient(emulator.url)
    emulator.resetCounters()
    const error = await openReader(client, {index: 'inventory', keepAlive: '48 hours'}).then(
      () => expect.fail('expected a usage error'),
      (error_: AossError) => error_,
    )
    expect(error.exitCode).to.equal(2)
    expect(error.message).to.contain('--keep-alive')
    expect(emulator.counters.total ?? 0).to.equal(0)
  })

  it('fails on a point in time the server refuses for a reason of its own, instead of reading without a snapshot', async () => {
    const client = await fastClient(emulator.url)
    emulator.addFault({
      route: 'pit.create',
      times: 5,
      fault: {type: 'status', status: 400, body: {status: 400, error: {type: 'illegal_argument_exception', reason: 'Keep alive for request (2d) is too large. It must be less than (1d).'}}},
    })
    try {
      const error = await openReader(client, {index: 'inventory', keepAlive: '2d'}).then(
        (reader) => readAll(reader).then(() => expect.fail('expected the read to fail')),
        (error_: AossError) => error_,
      )
      expect(error.exitCode).to.equal(2)
      expect(error.message).to.contain('too large')
    } finally {
      emulator.clearFaults()
    }
  })

  it('still falls back when the server has no point-in-time API at all', async () => {
    const client = await fastClient(emulator.url)
    emulator.addFault({route: 'pit.create', times: 5, fault: {type: 'status', status: 400, body: {error: 'no handler found for uri [/inventory/_search/point_in_time] and method [POST]', status: 400}}})
    try {
      const reader = await openReader(client, {index: 'inventory'})
      expect(reader.strategy).to.not.equal('pit')
      expect((await readAll(reader)).length).to.equal(300)
    } finally {
      emulator.clearFaults()
    }
  })
})
