import {expect} from 'chai'

import {type Client, createClient} from '../../../src/lib/connection/client.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {AossError} from '../../../src/lib/errors.js'
import type {BulkDoc} from '../../../src/lib/write/bulk-doc.js'
import {DeadLetterMemory} from '../../../src/lib/write/dead-letter.js'
import {BulkWriter} from '../../../src/lib/write/writer.js'
import {generateInventory, inventoryMappings} from '../../support/data/inventory.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'

const FAST = {maxRetries: 6, baseMs: 1, capMs: 5, maxRetryAfterMs: 10}

async function clientFor(emulator: Emulator, maxRetries = 6): Promise<Client> {
  return createClient(resolveSettings({endpoint: emulator.url, auth: 'none', maxRetries}, {env: {}}), {retry: FAST})
}

/** Inventory documents, with every `badEvery`-th one carrying a price the float mapping refuses. */
async function* inventory(count: number, badEvery = 0): AsyncGenerator<BulkDoc> {
  let line = 0
  for (const doc of generateInventory(count)) {
    line++
    const source = badEvery > 0 && line % badEvery === 0 ? {...doc._source, price: 'not a number'} : doc._source
    yield {id: doc._id, sourceJson: JSON.stringify(source), line}
  }
}

function ids(count: number, badEvery = 0): string[] {
  return [...generateInventory(count)].filter((_, i) => badEvery === 0 || (i + 1) % badEvery !== 0).map((doc) => doc._id)
}

describe('BulkWriter', () => {
  let emulator: Emulator
  let client: Client

  afterEach(async () => {
    await client?.close()
    await emulator?.stop()
  })

  it('writes every good document exactly once through per-item 429/402, whole-request 429/500, and dead-letters the bad ones', async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inv', [], {mappings: inventoryMappings})
    client = await clientFor(emulator)
    emulator.addFault({route: 'bulk', times: 3, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 3}})
    emulator.addFault({route: 'bulk', nth: 5, fault: {type: 'bulk-item-status', status: 402, everyNthItem: 2}})
    emulator.addFault({route: 'bulk', nth: 6, fault: {type: 'status', status: 429, retryAfter: 0}})
    emulator.addFault({route: 'bulk', nth: 8, fault: {type: 'status', status: 500}})
    emulator.addFault({route: 'bulk', nth: 9, fault: {type: 'bulk-item-status', status: 500, everyNthItem: 5}})
    const deadLetter = new DeadLetterMemory()
    const writer = new BulkWriter({client, index: 'inv', batchDocs: 100, concurrency: 3, retry: FAST, deadLetter})

    const stats = await writer.write(inventory(1000, 50))

    const good = ids(1000, 50)
    const stored = emulator.state.indices.get('inv')!.docs
    expect(stats).to.include({docs: 1000, written: good.length, failed: 20, rejected: 20, gaveUp: 0})
    expect(stats.retried).to.be.greaterThan(0)
    expect(stats.throttled).to.be.greaterThan(0)
    expect([...stored.keys()].sort()).to.deep.equal([...good].sort())
    // version 1 everywhere: no document was sent again after it had been written
    expect([...stored.values()].filter((doc) => doc.version !== 1)).to.deep.equal([])
    expect(deadLetter.lines).to.have.length(20)
    const letter = JSON.parse(deadLetter.lines[0]) as {_id: string, _index: string, _source: {price: unknown}, error: {status: number, type: string}, line: number}
    expect(letter).to.include({_index: 'inv', line: 50})
    expect(letter._source.price).to.equal('not a number')
    expect(letter.error).to.include({status: 400, type: 'mapper_parsing_exception'})
  })

  it('cuts batches by bytes and by documents', async () => {
    emulator = await startEmulator({flavour: 'managed'})
    client = await clientFor(emulator)
    const byBytes = new BulkWriter({client, index: 'a', batchBytes: 64 * 1024, concurrency: 2})
    const stats = await byBytes.write(inventory(500))
    // ~1 KiB per document: 64 KiB holds about 60
    expect(stats.requests).to.be.within(7, 10)
    expect(stats.bytes / stats.requests).to.be.at.most(64 * 1024)

    const byDocs = new BulkWriter({client, index: 'b', batchDocs: 100})
    expect((await byDocs.write(inventory(500))).requests).to.equal(5)
  })

  it('splits a batch the server refuses as too large (413) and dead-letters a single document too large alone', async () => {
    emulator = await startEmulator({flavour: 'managed', maxRequestBytes: 40 * 1024})
    client = await clientFor(emulator)
    async function* docs(): AsyncGenerator<BulkDoc> {
      yield* inventory(100)
      yield {id: 'huge', sourceJson: JSON.stringify({blob: 'x'.repeat(60 * 1024)}), line: 101}
    }

    const warnings: string[] = []
    const deadLetter = new DeadLetterMemory()
    const writer = new BulkWriter({client, index: 'big', batchBytes: 200 * 1024, concurrency: 1, deadLetter, onWarning: (m) => warnings.push(m)})
    const stats = await writer.write(docs())
    expect(stats).to.include({written: 100, failed: 1, rejected: 1})
    expect(emulator.state.indices.get('big')!.docs.size).to.equal(100)
    expect(JSON.parse(deadLetter.lines[0])).to.deep.include({_id: 'huge', error: {status: 413, type: 'request_too_large', reason: 'the request body is larger than the server accepts'}})
    expect(warnings[0]).to.match(/too large \(413\): batches lowered/)
  })

  it('gives up on items still throttled after every retry and keeps them in the dead letter', async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    client = await clientFor(emulator)
    // The first four requests refuse every item: the first batch of 10 (sent, re-sent twice) runs out of retries;
    // the second gets through on its second re-send.
    emulator.addFault({route: 'bulk', times: 4, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 1}})
    const deadLetter = new DeadLetterMemory()
    const writer = new BulkWriter({client, index: 'inv', batchDocs: 10, concurrency: 1, retry: {...FAST, maxRetries: 2}, deadLetter})
    const stats = await writer.write(inventory(20))
    expect(stats).to.include({written: 10, failed: 10, gaveUp: 10, rejected: 0, retried: 30, throttled: 40})
    expect(JSON.parse(deadLetter.lines[0]).error).to.include({status: 429, type: 'retries_exhausted'})
    expect(emulator.state.indices.get('inv')!.docs.size).to.equal(stats.written)
  })

  it('adapts to a 429 storm: fewer requests in flight and smaller batches, regained once the storm passes', async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    client = await clientFor(emulator)
    emulator.addFault({route: 'bulk', times: 6, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 2}})
    const bodies: number[] = []
    const writer = new BulkWriter({client, index: 'inv', batchBytes: 256 * 1024, concurrency: 4, retry: FAST, onProgress: () => bodies.push(writer.stats().adaptive.batchBytes)})
    const stats = await writer.write(inventory(3000))
    expect(stats).to.include({written: 3000, failed: 0})
    expect(emulator.state.indices.get('inv')!.docs.size).to.equal(3000)
    expect(stats.adaptive.cuts).to.be.greaterThan(0)
    expect(stats.adaptive.lowestConcurrency).to.be.lessThan(4)
    expect(stats.adaptive.lowestBatchBytes).to.be.lessThan(256 * 1024)
    // Clean answers after the storm win both back.
    expect(stats.adaptive.concurrency).to.be.greaterThan(stats.adaptive.lowestConcurrency)
    expect(stats.adaptive.batchBytes).to.be.greaterThan(stats.adaptive.lowestBatchBytes)
    expect(Math.min(...bodies)).to.equal(stats.adaptive.lowestBatchBytes)
  })

  it('settles each document once: acknowledged or dead-lettered, never one still being retried', async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inv', [], {mappings: inventoryMappings})
    client = await clientFor(emulator)
    emulator.addFault({route: 'bulk', times: 2, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 3}})
    const settled: number[] = []
    const writer = new BulkWriter({client, index: 'inv', batchDocs: 50, concurrency: 2, retry: FAST, onSettled: (docs) => settled.push(...docs.map((d) => d.line))})
    const stats = await writer.write(inventory(300, 30))
    expect(stats).to.include({written: 290, rejected: 10})
    expect(settled.sort((a, b) => a - b)).to.deep.equal(Array.from({length: 300}, (_, i) => i + 1))
  })

  it("with exhausted: 'stop', documents still throttled after every retry end the write unsettled instead of dead-lettered", async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    client = await clientFor(emulator)
    emulator.addFault({route: 'bulk', times: 100, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 1}})
    const settled: number[] = []
    const deadLetter = new DeadLetterMemory()
    const writer = new BulkWriter({client, index: 'inv', batchDocs: 10, concurrency: 1, retry: {...FAST, maxRetries: 2}, deadLetter, exhausted: 'stop', onSettled: (docs) => settled.push(...docs.map((d) => d.line))})
    const error = await writer.write(inventory(20)).then(() => undefined, (e: unknown) => e)
    expect(error).to.be.instanceOf(AossError)
    expect(error).to.include({code: 'THROTTLED'})
    expect(settled).to.deep.equal([])
    expect(deadLetter.count).to.equal(0)
  })

  it('--id-field writes the source _id into every document', async () => {
    emulator = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    client = await clientFor(emulator)
    const writer = new BulkWriter({client, index: 'logs', idMode: 'auto', idField: 'source_id', concurrency: 1})
    const stats = await writer.write(inventory(30))
    expect(stats).to.include({written: 30, idsDropped: true})
    const stored = [...emulator.state.indices.get('logs')!.docs.values()].map((d) => (d.source as {source_id: string}).source_id)
    expect(stored.sort()).to.deep.equal(ids(30).sort())
  })

  it('on a time-series collection, id mode auto writes without ids after one warning', async () => {
    emulator = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    client = await clientFor(emulator)
    const warnings: string[] = []
    const writer = new BulkWriter({client, index: 'logs', batchDocs: 40, concurrency: 4, idMode: 'auto', onWarning: (m) => warnings.push(m)})
    const stats = await writer.write(inventory(200))
    expect(stats).to.include({written: 200, failed: 0, idsDropped: true, retried: 0})
    expect(warnings).to.have.length(1)
    expect(warnings[0]).to.match(/refuses custom document ids.*re-run will duplicate/)
    const stored = [...emulator.state.indices.get('logs')!.docs.values()]
    expect(stored).to.have.length(200)
    expect(stored.map((doc) => (doc.source as {sku: string}).sku).sort()).to.deep.equal([...generateInventory(200)].map((doc) => doc._source.sku).sort())
  })

  it('on a time-series collection, id mode keep stops with a usage error that names --id-mode', async () => {
    emulator = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    client = await clientFor(emulator)
    const writer = new BulkWriter({client, index: 'logs', idMode: 'keep'})
    const error = await writer.write(inventory(20)).then(() => undefined, (e: unknown) => e)
    expect(error).to.be.instanceOf(AossError)
    expect((error as AossError).exitCode).to.equal(2)
    expect((error as AossError).hints.join(' ')).to.match(/--id-mode auto/)
    expect(emulator.state.indices.get('logs')?.docs.size ?? 0).to.equal(0)
  })

  it('id mode drop never sends ids', async () => {
    emulator = await startEmulator({flavour: 'managed'})
    client = await clientFor(emulator)
    const stats = await new BulkWriter({client, index: 'x', idMode: 'drop'}).write(inventory(30))
    expect(stats.idsDropped).to.equal(true)
    const stored = [...emulator.state.indices.get('x')!.docs.keys()]
    expect(stored.filter((id) => id.startsWith('sku-') || /^\d+$/.test(id))).to.deep.equal([])
  })

  it('keeps _source byte for byte (big integers, trailing zeros, key order)', async () => {
    emulator = await startEmulator({flavour: 'managed'})
    client = await clientFor(emulator)
    const sourceJson = '{"z":1.50,"big":12345678901234567890,"a":"é\\u00e9"}'
    await new BulkWriter({client, index: 'raw'}).write((async function* () {
      yield {id: 'one', sourceJson, line: 1}
    })())
    expect(emulator.state.indices.get('raw')!.docs.get('one')!.sourceJson).to.equal(sourceJson)
  })

  it('fails the whole write on a permission error, with no retries of it', async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    client = await clientFor(emulator)
    emulator.addFault({route: 'bulk', times: 100, fault: {type: 'status', status: 403}})
    const error = await new BulkWriter({client, index: 'inv', batchDocs: 10, concurrency: 2}).write(inventory(500)).then(() => undefined, (e: unknown) => e)
    expect((error as AossError).code).to.equal('FORBIDDEN')
    // one request per worker at most: after the first refusal no worker takes another batch
    expect(emulator.counters.bulk).to.be.at.most(2)
  })
})
