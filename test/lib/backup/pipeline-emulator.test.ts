/**
 * The pipeline with the real reader against the emulator: what is stored is exactly what the reader reads, and a
 * server failure mid-way leaves nothing behind in S3.
 */
import {randomBytes} from 'node:crypto'
import {gunzipSync} from 'node:zlib'

import {expect} from 'chai'

import {serverBackupDeps} from '../../../src/lib/backup/deps.js'
import {validateManifest} from '../../../src/lib/backup/manifest.js'
import {hitsToNdjson, runBackup} from '../../../src/lib/backup/pipeline.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import type {AossError} from '../../../src/lib/errors.js'
import {openReader} from '../../../src/lib/read/reader.js'
import {generateInventory, inventoryMappings} from '../../support/data/inventory.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {type MultipartRecorder, startMultipartRecorder} from '../../support/s3.js'
import {fastClient, readAll} from '../../support/reader-helpers.js'

const MiB = 1024 * 1024

describe('backup pipeline against the emulator', function () {
  this.timeout(120_000)
  let emulator: Emulator
  let s3: MultipartRecorder

  beforeEach(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    s3 = await startMultipartRecorder()
    await s3.bucket('backups')
  })
  afterEach(async () => {
    await s3.stop()
    await emulator.stop()
  })

  async function wiring() {
    const settings = resolveSettings({endpoint: emulator.url, auth: 'none', maxRetries: 2}, {env: {}})
    const client = await fastClient(emulator.url)
    return {client, ...(await serverBackupDeps(client, settings, s3.client))}
  }

  it('stores exactly what the reader reads, in its order, with mappings and a correct manifest', async () => {
    emulator.seed('inventory', generateInventory(3000, {bytes: 300}), {mappings: inventoryMappings})
    const {client, deps, source} = await wiring()
    const read = {batchSize: 250, slices: 2}
    const result = await runBackup({bucket: 'backups', prefix: 'p', indices: ['inventory'], read, chunkDocs: 1000, partSize: 5 * MiB, toolVersion: 't', source}, deps)
    expect(result.status).to.equal('complete')
    expect(source.flavour).to.equal('serverless')

    const expected = hitsToNdjson(await readAll(await openReader(client, {index: 'inventory', ...read}))).toString()
    const manifest = validateManifest(JSON.parse(s3.state.objects.get(`backups/${result.indices[0].manifest!.replace('s3://backups/', '')}`)!.body.toString()))
    expect(manifest.indices[0].docs).to.equal(3000)
    expect(manifest.indices[0].chunks.length).to.be.greaterThanOrEqual(3)
    expect(manifest.indices[0].mappings).to.have.nested.property('properties.sku')
    const stored = manifest.indices[0].chunks.map((c) => gunzipSync(s3.state.objects.get(`backups/${c.key}`)!.body).toString()).join('')
    expect(stored).to.equal(expected)
  })

  it('pausing after every page with 4 slices still stores every document exactly once, across indexes', async () => {
    emulator.seed('inventory', generateInventory(2000, {bytes: 200}), {mappings: inventoryMappings})
    emulator.seed('orders', Array.from({length: 700}, (_, i) => ({_id: `o${i}`, _source: {n: i}})))
    const {deps, source} = await wiring()
    const base = {bucket: 'backups', prefix: 'p', indices: ['inventory', 'orders'], read: {batchSize: 100, slices: 4}, partSize: 5 * MiB, toolVersion: 't', source, cleanupOnFailure: false}
    // The deadline falls right after the first page of every run: the case where slices that have not handed
    // over a page yet must still be in the checkpoint.
    let result = await runBackup({...base, shouldPause: () => true}, deps)
    let runs = 1
    while (result.status === 'paused') {
      result = await runBackup({...base, shouldPause: () => true, resume: result.checkpoint}, deps)
      runs++
    }

    expect(runs).to.be.greaterThan(3)
    for (const [index, count] of [['inventory', 2000], ['orders', 700]] as const) {
      const entry = result.indices.find((i) => i.index === index)!
      const manifest = validateManifest(JSON.parse(s3.state.objects.get(`backups/${entry.manifest!.replace('s3://backups/', '')}`)!.body.toString()))
      const ids = manifest.indices[0].chunks.flatMap((c) =>
        gunzipSync(s3.state.objects.get(`backups/${c.key}`)!.body).toString().trim().split('\n').map((line) => (JSON.parse(line) as {_id: string})._id),
      )
      expect(ids.length, index).to.equal(count)
      expect(new Set(ids).size, index).to.equal(count)
    }
  })

  it('a later index failing keeps the chunks of an index already committed', async () => {
    emulator.seed('inventory', generateInventory(300, {bytes: 200}), {mappings: inventoryMappings})
    emulator.seed('orders', Array.from({length: 300}, (_, i) => ({_id: `o${i}`, _source: {n: i}})))
    const {deps, source} = await wiring()
    // The second index's point in time cannot be opened: a failure after the first index committed.
    emulator.addFault({route: 'pit.create', pathIncludes: '/orders/', times: 10, fault: {type: 'status', status: 403, body: {status: 403, error: {reason: '403 Forbidden', type: 'Forbidden'}}}})
    const error = await runBackup({bucket: 'backups', prefix: 'p', indices: ['inventory', 'orders'], read: {batchSize: 100, slices: 1}, partSize: 5 * MiB, toolVersion: 't', source}, deps).then(
      () => expect.fail('expected the second index to fail'),
      (error_: AossError) => error_,
    )
    expect(error.exitCode).to.not.equal(0)
    const keys = [...s3.state.objects.keys()]
    const manifestKey = keys.find((key) => key.includes('/inventory/') && key.endsWith('manifest.json'))
    expect(manifestKey, keys.join(', ')).to.be.a('string')
    const manifest = validateManifest(JSON.parse(s3.state.objects.get(manifestKey!)!.body.toString()))
    for (const chunk of manifest.indices[0].chunks) expect(keys, chunk.key).to.include(`backups/${chunk.key}`)
    expect(keys.some((key) => key.includes('/orders/'))).to.equal(false)
  })

  it('a server failing mid-way (500s after retries) leaves no object, no manifest and an aborted upload', async () => {
    // Random payloads barely compress (~6 KiB of gzip per document): chunk 1 (1,600 docs) is stored by a completed
    // multipart upload; chunk 2 holds ~7 MiB in a running one when every search starts failing (the reader has
    // two pages fetched ahead, so the failure surfaces a little later).
    emulator.seed('inventory', Array.from({length: 4000}, (_, i) => ({_id: `d${String(i).padStart(5, '0')}`, _source: {n: i, blob: randomBytes(6000).toString('base64')}})))
    const {deps, source} = await wiring()
    let faulted = false
    const started = Date.now()
    const error = await runBackup({
      bucket: 'backups',
      prefix: 'p',
      indices: ['inventory'],
      read: {batchSize: 200, slices: 1},
      chunkDocs: 1500,
      partSize: 5 * MiB,
      toolVersion: 't',
      source,
      onProgress: (p) => {
        if (!faulted && p.docs >= 2400) {
          faulted = true
          emulator.addFault({route: 'search', every: 1, fault: {type: 'status', status: 500}})
        }
      },
    }, deps).then(() => undefined, (e: unknown) => e as AossError)

    expect(faulted).to.equal(true)
    expect(error?.code).to.equal('SERVER')
    expect(error?.exitCode).to.not.equal(0)
    expect([...s3.state.objects.keys()]).to.deep.equal([])
    const uploads = [...s3.state.uploads.values()]
    expect(uploads.filter((u) => u.completed).map((u) => u.key.split('/').at(-1))).to.deep.equal(['part-00000.ndjson.gz'])
    expect(uploads.filter((u) => u.aborted).map((u) => u.key.split('/').at(-1))).to.deep.equal(['part-00001.ndjson.gz'])
    expect(s3.state.requests.some((r) => r.op === 'CompleteMultipartUpload' && r.key?.endsWith('part-00001.ndjson.gz'))).to.equal(false)
    expect(uploads.every((u) => u.aborted || u.completed)).to.equal(true)
    expect(Date.now() - started).to.be.lessThan(60_000)
  })

  it('a connection reset mid-body is retried and the backup completes', async () => {
    emulator.seed('inventory', generateInventory(1200, {bytes: 200}), {mappings: inventoryMappings})
    emulator.addFault({route: 'search', nth: 3, fault: {type: 'reset-mid-body'}})
    const {deps, source} = await wiring()
    const result = await runBackup({bucket: 'backups', indices: ['inventory'], read: {batchSize: 200, slices: 1}, toolVersion: 't', source}, deps)
    expect(result.docs).to.equal(1200)
    const ids = gunzipSync(s3.state.objects.get(`backups/inventory/${result.stamp}/part-00000.ndjson.gz`)!.body).toString().trim().split('\n').map((l) => (JSON.parse(l) as {_id: string})._id)
    expect(new Set(ids).size).to.equal(1200)
  })
})
