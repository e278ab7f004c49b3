import {expect} from 'chai'

import {createIndex} from '../../../src/lib/cluster/create-index.js'
import {deleteIndex} from '../../../src/lib/cluster/delete-index.js'
import {getIndex, getMapping, indexExists} from '../../../src/lib/cluster/get-index.js'
import {waitUntilWritable} from '../../../src/lib/cluster/wait-writable.js'
import type {Client} from '../../../src/lib/connection/client.js'
import {isAossError} from '../../../src/lib/errors.js'
import {clientFor, rejection} from '../../support/client.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'

const body = {
  settings: {index: {number_of_shards: 2, number_of_replicas: 1}},
  mappings: {properties: {name: {type: 'text'}, price: {type: 'float'}}},
}

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`index lifecycle (${flavour})`, () => {
    let emulator: Emulator
    let client: Client
    before(async () => {
      emulator = await startEmulator({flavour, newIndexUnwritableMs: flavour === 'serverless' ? 700 : 0})
      client = await clientFor(emulator.url)
    })
    after(() => emulator.stop())

    it('creates an index with mappings, dropping shard settings only where the flavour refuses them', async () => {
      const result = await createIndex(client, {index: 'products', body, flavour, waitTimeoutMs: 5000})
      expect(result.created).to.equal(true)
      if (flavour === 'serverless') {
        expect(result.refusedByFlavour).to.deep.equal(['index.number_of_shards', 'index.number_of_replicas'])
        // The emulator keeps a fresh index unwritable for 700 ms, like AOSS right after the acknowledgement.
        expect(result.writableAfterMs).to.be.greaterThan(400)
      } else {
        expect(result.refusedByFlavour).to.deep.equal([])
        expect(result.writableAfterMs).to.equal(undefined)
      }

      const mapping = await getMapping(client, 'products')
      expect(mapping).to.deep.include({properties: body.mappings.properties})
      expect(await indexExists(client, 'products')).to.equal(true)
      const [definition] = await getIndex(client, 'products')
      expect(definition.name).to.equal('products')
    })

    it('refuses an existing index in one line, and accepts it with ifNotExists', async () => {
      const error = await rejection(createIndex(client, {index: 'products', body: {}, flavour}))
      expect(isAossError(error) && error.message).to.equal('creating index products: index products already exists')
      expect(error.exitCode).to.equal(2)
      const again = await createIndex(client, {index: 'products', body: {}, flavour, ifNotExists: true})
      expect(again.created).to.equal(false)
    })

    it('deletes exactly one index and says when it does not exist', async () => {
      expect(await deleteIndex(client, 'products')).to.deep.equal({index: 'products', acknowledged: true})
      expect(await indexExists(client, 'products')).to.equal(false)
      const error = await rejection(deleteIndex(client, 'products'))
      expect(error.code).to.equal('INDEX_NOT_FOUND')
      expect(error.exitCode).to.equal(5)
      expect((await rejection(deleteIndex(client, 'prod*'))).exitCode).to.equal(2)
      expect((await rejection(deleteIndex(client, '_all'))).exitCode).to.equal(2)
    })
  })
}

describe('waitUntilWritable', () => {
  it('gives up with a clear message when the index stays unwritable', async () => {
    const emulator = await startEmulator({flavour: 'serverless', newIndexUnwritableMs: 10_000})
    try {
      const client = await clientFor(emulator.url)
      await createIndex(client, {index: 'slow', body: {}, flavour: 'serverless', waitWritable: false})
      const error = await rejection(waitUntilWritable(client, 'slow', {timeoutMs: 600, intervalMs: 100}))
      expect(error.code).to.equal('TIMEOUT')
      expect(error.message).to.match(/index slow was created but still refuses writes/)
      // No probe left a document or a field behind.
      expect(emulator.state.indices.get('slow')?.docs.size).to.equal(0)
    } finally {
      await emulator.stop()
    }
  })
})
