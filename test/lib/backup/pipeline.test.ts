import {createHash} from 'node:crypto'
import {gunzipSync} from 'node:zlib'

import {expect} from 'chai'

import type {IndexMeta} from '../../../src/lib/backup/index-meta.js'
import {validateManifest} from '../../../src/lib/backup/manifest.js'
import {type BackupOptions, hitsToNdjson, runBackup} from '../../../src/lib/backup/pipeline.js'
import {AossError} from '../../../src/lib/errors.js'
import {type MultipartRecorder, startMultipartRecorder} from '../../support/s3.js'
import {fakeDocs, fakeOpenReader, type FakeReaderOptions} from '../../support/fake-reader.js'

const MiB = 1024 * 1024
const BUCKET = 'backups'
const NOW = new Date('2026-11-27T20:00:00.000Z')

function meta(name: string): IndexMeta {
  return {name, mappings: {properties: {sku: {type: 'keyword'}}}, settings: {index: {number_of_shards: '1'}}, aliases: {[`${name}-alias`]: {}}}
}

function setup(s3: MultipartRecorder, readers: Record<string, FakeReaderOptions>) {
  const {openReader, log} = fakeOpenReader(readers)
  const deps = {
    s3: s3.client,
    openReader,
    describeIndices: async (targets: string[]) => targets.map((name) => meta(name)),
  }
  return {deps, log}
}

function options(overrides: Partial<BackupOptions> = {}): BackupOptions {
  return {
    bucket: BUCKET,
    prefix: 'nightly',
    indices: ['inventory'],
    toolVersion: '0.1.0-test',
    source: {endpoint: 'http://127.0.0.1:9200', flavour: 'serverless'},
    now: NOW,
    partSize: 5 * MiB,
    ...overrides,
  }
}

function objectsUnder(s3: MultipartRecorder, prefix: string): string[] {
  return [...s3.state.objects.values()].filter((o) => o.key.startsWith(prefix)).map((o) => o.key).sort()
}

describe('backup pipeline', () => {
  let s3: MultipartRecorder
  beforeEach(async () => {
    s3 = await startMultipartRecorder()
    await s3.bucket(BUCKET)
  })
  afterEach(async () => {
    await s3.stop()
  })

  it('writes gzip NDJSON chunks that round-trip, then a manifest with the right counts and hashes', async () => {
    const docs = fakeDocs(2500)
    const {deps, log} = setup(s3, {inventory: {docs, pageSize: 200}})
    const result = await runBackup(options({chunkDocs: 1000}), deps)

    expect(result.status).to.equal('complete')
    expect(result.docs).to.equal(2500)
    expect(log.closed).to.equal(1)
    const dir = 'nightly/inventory/2026-11-27T20-00-00Z/'
    // 1000-doc limit checked at 200-doc page boundaries: 1000, 1000, 500.
    expect(objectsUnder(s3, dir)).to.deep.equal([`${dir}manifest.json`, `${dir}part-00000.ndjson.gz`, `${dir}part-00001.ndjson.gz`, `${dir}part-00002.ndjson.gz`])

    const manifest = validateManifest(JSON.parse(s3.state.objects.get(`${BUCKET}/${dir}manifest.json`)!.body.toString()))
    expect(manifest.indices[0].docs).to.equal(2500)
    expect(manifest.indices[0].chunks.map((c) => c.docs)).to.deep.equal([1000, 1000, 500])
    expect(manifest.indices[0].mappings).to.deep.equal(meta('inventory').mappings)
    expect(manifest.indices[0].aliases).to.have.key('inventory-alias')
    expect(manifest.source).to.deep.equal({endpoint: 'http://127.0.0.1:9200', flavour: 'serverless'})
    expect(manifest.strategy).to.equal('pit')

    let text = ''
    for (const chunk of manifest.indices[0].chunks) {
      const body = s3.state.objects.get(`${BUCKET}/${chunk.key}`)!.body
      expect(chunk.bytes).to.equal(body.length)
      expect(chunk.sha256).to.equal(createHash('sha256').update(body).digest('hex'))
      text += gunzipSync(body).toString()
    }

    expect(text).to.equal(hitsToNdjson(docs).toString())
    expect(result.indices[0].manifest).to.equal(`s3://${BUCKET}/${dir}manifest.json`)
  })

  it('uploads a chunk larger than one part as a multipart upload and completes it', async () => {
    // Random payloads barely compress: ~9 MiB of gzip, so two 5 MiB parts.
    const docs = fakeDocs(6000, 'inventory', 2048)
    const {deps} = setup(s3, {inventory: {docs, pageSize: 500}})
    const result = await runBackup(options(), deps)
    const uploads = [...s3.state.uploads.values()]
    expect(uploads).to.have.length(1)
    expect(uploads[0].completed).to.equal(true)
    expect(uploads[0].parts.size).to.be.greaterThan(1)
    expect(result.indices[0].chunks).to.equal(1)
    const key = `nightly/inventory/2026-11-27T20-00-00Z/part-00000.ndjson.gz`
    expect(gunzipSync(s3.state.objects.get(`${BUCKET}/${key}`)!.body).toString()).to.equal(hitsToNdjson(docs).toString())
  })

  it('on a reader failure mid-way aborts the multipart upload, deletes stored chunks and writes no manifest', async () => {
    // ~3 KiB of gzip per document: chunk 1 (6 pages) is stored, chunk 2 has ~7 MiB in a multipart upload when
    // the reader fails on page 12.
    const docs = fakeDocs(8000, 'inventory', 4096)
    const failure = new AossError('SERVER', 'server error (500)')
    const {deps, log} = setup(s3, {inventory: {docs, pageSize: 500, failOnPage: {page: 12, error: failure}}})
    const error = await runBackup(options({chunkDocs: 3000}), deps).then(() => undefined, (e: unknown) => e)
    expect(error).to.equal(failure)
    expect(log.closed).to.equal(1)
    expect(objectsUnder(s3, 'nightly/')).to.deep.equal([])
    const uploads = [...s3.state.uploads.values()]
    expect(uploads.length).to.be.greaterThan(0)
    expect(uploads.every((u) => u.completed || u.aborted)).to.equal(true)
    expect(uploads.filter((u) => u.completed).map((u) => u.key)).to.deep.equal(['nightly/inventory/2026-11-27T20-00-00Z/part-00000.ndjson.gz'])
    expect(uploads.filter((u) => u.aborted).map((u) => u.key)).to.deep.equal(['nightly/inventory/2026-11-27T20-00-00Z/part-00001.ndjson.gz'])
    expect(s3.state.requests.some((r) => r.op === 'DeleteObjects')).to.equal(true)
  })

  it('on an S3 part failure aborts the upload and fails with a one-line error', async () => {
    s3.state.faults.failPart = (partNumber) => partNumber === 2
    const docs = fakeDocs(8000, 'inventory', 2048)
    const {deps} = setup(s3, {inventory: {docs, pageSize: 500}})
    const error = await runBackup(options(), deps).then(() => undefined, (e: unknown) => e)
    expect(error).to.be.instanceOf(AossError)
    expect((error as AossError).code).to.equal('SERVER')
    expect((error as AossError).message).to.match(/^uploading nightly\/inventory\/.*part-00000\.ndjson\.gz: S3 failed/)
    expect(objectsUnder(s3, 'nightly/')).to.deep.equal([])
    expect([...s3.state.uploads.values()].every((u) => u.aborted)).to.equal(true)
  })

  it('refuses to write a manifest when fewer documents arrive than the point in time held', async () => {
    const {deps} = setup(s3, {inventory: {docs: fakeDocs(300), expected: 301}})
    const error = await runBackup(options(), deps).then(() => undefined, (e: unknown) => e)
    expect((error as AossError).code).to.equal('INCOMPLETE')
    expect((error as AossError).exitCode).to.equal(3)
    expect(objectsUnder(s3, 'nightly/')).to.deep.equal([])
  })

  it('pauses at a page boundary with a checkpoint and resumes without duplicates or gaps', async () => {
    const docs = fakeDocs(1000)
    const {deps, log} = setup(s3, {inventory: {docs, pageSize: 100}, orders: {docs: fakeDocs(250, 'orders'), pageSize: 100}})
    let pages = 0
    const shouldPause = () => ++pages % 3 === 0
    let result = await runBackup(options({indices: ['inventory', 'orders'], shouldPause}), deps)
    let runs = 1
    while (result.status === 'paused') {
      expect(result.checkpoint).to.not.equal(undefined)
      const checkpoint = JSON.parse(JSON.stringify(result.checkpoint))
      result = await runBackup(options({indices: ['inventory', 'orders'], shouldPause, resume: checkpoint}), deps)
      runs++
    }

    expect(runs).to.be.greaterThanOrEqual(3)
    expect(log.opened.length).to.equal(runs + 1)
    expect(result.docs).to.equal(1250)
    expect(result.indices.map((i) => i.status)).to.deep.equal(['complete', 'complete'])
    const manifest = validateManifest(JSON.parse(s3.state.objects.get(`${BUCKET}/nightly/inventory/2026-11-27T20-00-00Z/manifest.json`)!.body.toString()))
    let text = ''
    for (const chunk of manifest.indices[0].chunks) text += gunzipSync(s3.state.objects.get(`${BUCKET}/${chunk.key}`)!.body).toString()
    expect(text).to.equal(hitsToNdjson(docs).toString())
  })

  it('rejects options S3 cannot honour before touching anything', async () => {
    const {deps} = setup(s3, {})
    for (const [bad, pattern] of [
      [{partSize: 1 * MiB}, /at least 5 MiB/],
      [{chunkBytes: 100_000 * MiB, partSize: 5 * MiB}, /10000 parts/],
      [{s3: {SSEKMSKeyId: 'k'}}, /--sse aws:kms/],
      [{bucket: ''}, /no bucket/],
    ] as const) {
      const error = await runBackup(options(bad as Partial<BackupOptions>), deps).then(() => undefined, (e: unknown) => e)
      expect((error as AossError).code, JSON.stringify(bad)).to.equal('USAGE')
      expect((error as Error).message).to.match(pattern)
    }

    expect(s3.state.requests.filter((r) => r.op !== 'CreateBucket')).to.deep.equal([])
  })
})
