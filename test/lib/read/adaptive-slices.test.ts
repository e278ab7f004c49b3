import {expect} from 'chai'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type Client, createClient} from '../../../src/lib/connection/client.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {openReader} from '../../../src/lib/read/reader.js'
import {aoss} from '../../support/cli.js'
import type {Emulator} from '../../support/emulator/index.js'
import {idReport, inventoryEmulator, readAll} from '../../support/reader-helpers.js'

const DOCS = 20_000
const K = 3

/** Retries fast, and enough of them that a page refused while the limit is above K is never lost. */
async function patientClient(url: string): Promise<Client> {
  return createClient(resolveSettings({endpoint: url, auth: 'none', maxRetries: 10}, {env: {}}), {retry: {baseMs: 5, capMs: 50}})
}

describe('--slices auto: the AIMD limit on a live server', function () {
  this.timeout(120_000)
  let emulator: Emulator
  let client: Client

  before(async () => {
    emulator = await inventoryEmulator({flavour: 'serverless'}, DOCS)
    client = await patientClient(emulator.url)
  })
  afterEach(() => emulator.clearFaults())
  after(async () => {
    await client.close()
    await emulator.stop()
  })

  it(`settles near K when the server answers 429 above K = ${K} concurrent searches, and reads every document once`, async () => {
    emulator.addFault({route: 'search', every: 1, fault: {type: 'latency', ms: 100}})
    emulator.addFault({route: 'search', fault: {type: 'concurrency-limit', max: K}})
    const reader = await openReader(client, {index: 'inventory', slices: 16, adaptive: true, batchSize: 100})
    const hits = await readAll(reader)
    expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
    expect(hits.length).to.equal(DOCS)
    const settled = reader.adaptive()!
    const [limit] = emulator.concurrencyFaults()
    // It went past K once (and the server refused), then came back to just below where it failed.
    expect(limit!.refused, 'the limit was probed').to.be.greaterThan(0)
    expect(settled.cuts).to.be.greaterThan(0)
    expect(settled.highest).to.be.greaterThan(K)
    expect(settled.limit).to.be.within(K - 1, K)
    expect(reader.slices).to.equal(16)
  })

  it('grows to the cap when nothing throttles and every page waits on latency', async () => {
    emulator.addFault({route: 'search', every: 1, fault: {type: 'latency', ms: 150}})
    const reader = await openReader(client, {index: 'inventory', slices: 8, adaptive: true, batchSize: 100})
    const hits = await readAll(reader)
    expect(idReport(hits)).to.deep.equal({distinct: DOCS, repeated: []})
    const settled = reader.adaptive()!
    expect(settled.cuts).to.equal(0)
    expect(settled.highest).to.equal(8)
  })

  it('a fixed --slices N reads with exactly N at once, with no adaptive limit', async () => {
    emulator.addFault({route: 'search', every: 1, fault: {type: 'latency', ms: 20}})
    emulator.addFault({route: 'search', fault: {type: 'concurrency-limit', max: 100}})
    const reader = await openReader(client, {index: 'inventory', slices: 3, batchSize: 500})
    const hits = await readAll(reader)
    expect(hits.length).to.equal(DOCS)
    expect(reader.adaptive()).to.equal(undefined)
    expect(emulator.concurrencyFaults()[0]!.peak).to.equal(3)
  })

  it('aoss export --slices auto says in its summary (and --json) what it settled on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aoss-auto-'))
    try {
      emulator.addFault({route: 'search', every: 1, fault: {type: 'latency', ms: 20}})
      emulator.addFault({route: 'search', fault: {type: 'concurrency-limit', max: 2}})
      const file = join(dir, 'out.ndjson')
      const conn = ['--endpoint', emulator.url, '--auth', 'none', '--max-retries', '10']
      const {result, error, stderr} = await aoss<{docs: number, slices: number, adaptive?: {limit: number}}>(['export', 'inventory', ...conn, '-o', file, '--max-slices', '6', '--batch-size', '500'])
      expect(error).to.equal(undefined)
      expect(result!.docs).to.equal(DOCS)
      expect(result!.slices).to.equal(6)
      expect(result!.adaptive!.limit).to.be.within(1, 2)
      expect(stderr).to.match(new RegExp(`× 6 slices, settled on ${result!.adaptive!.limit} at once`))
      const ids = (await readFile(file, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as {_id: string})._id)
      expect(new Set(ids).size).to.equal(DOCS)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
