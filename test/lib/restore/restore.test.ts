import {expect} from 'chai'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {gzipSync} from 'node:zlib'

import type {Client} from '../../../src/lib/connection/client.js'
import type {ConnectionSettings} from '../../../src/lib/connection/settings.js'
import {AossError} from '../../../src/lib/errors.js'
import {type RestoreOptions, runRestore} from '../../../src/lib/restore/run.js'
import {generateInventory, inventoryMappings} from '../../support/data/inventory.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {type MultipartRecorder, startMultipartRecorder} from '../../support/s3.js'
import {backUp, connect, FAST_RETRY, s3Settings} from '../../support/restore-helpers.js'

const BUCKET = 'backups'

function ndjson(count: number): string {
  return [...generateInventory(count)].map((doc) => JSON.stringify({_index: 'inventory', _id: doc._id, _source: doc._source})).join('\n') + '\n'
}

async function failure(promise: Promise<unknown>): Promise<AossError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).to.be.instanceOf(AossError)
  return error as AossError
}

describe('runRestore', () => {
  let source: Emulator
  let target: Emulator
  let s3: MultipartRecorder
  let client: Client
  let settings: ConnectionSettings
  let dir: string
  const notes: string[] = []

  const restore = (options: Partial<RestoreOptions> & {source: string}) =>
    runRestore(client, settings, {index: 'restored', retry: FAST_RETRY, s3: s3Settings(s3), countIntervalMs: 50, deadLetter: join(dir, 'dead.ndjson'), onNote: (m) => notes.push(m), ...options})

  beforeEach(async () => {
    notes.length = 0
    dir = await mkdtemp(join(tmpdir(), 'aoss-restore-'))
    s3 = await startMultipartRecorder()
    await s3.bucket(BUCKET)
    source = await startEmulator({flavour: 'managed'})
    source.seed('inventory', generateInventory(1500), {mappings: inventoryMappings, settings: {number_of_shards: 2}})
  })

  afterEach(async () => {
    await client?.close()
    await target?.stop()
    await source.stop()
    await s3.stop()
    await rm(dir, {recursive: true, force: true})
  })

  it('restores an S3 backup into a new AOSS index: sha256 checked, settings filtered, waits for writability and visibility', async () => {
    const manifest = await backUp(source, s3, BUCKET, 'inventory', 400)
    target = await startEmulator({flavour: 'serverless', newIndexUnwritableMs: 300, visibilityDelayMs: 400})
    ;({client, settings} = await connect(target))

    const report = await restore({source: manifest, createIndex: true, concurrency: 2, batchDocs: 300})

    expect(report).to.deep.include({complete: true, docs: 1500, written: 1500, failed: 0, flavour: 'serverless'})
    expect(report.source).to.deep.include({kind: 'backup', format: 'hit', docs: 1500})
    expect(report.verify).to.include({checked: 'chunks', chunks: 4})
    expect(report.created?.refusedByFlavour).to.include('index.number_of_shards')
    expect(report.created?.writableAfterMs).to.be.at.least(250)
    expect(report.count).to.include({count: 1500, expected: 1500, matched: true})
    expect(report.count!.waitedMs).to.be.at.least(300)
    const index = target.state.indices.get('restored')!
    expect((index.mappings as {properties: Record<string, {type: string}>}).properties.price.type).to.equal('float')
    const before = source.state.indices.get('inventory')!.docs
    for (const [id, doc] of index.docs) expect(doc.sourceJson, id).to.equal(before.get(id)!.sourceJson)
    expect(notes.join('\n')).to.match(/left out settings serverless refuses: index\.number_of_shards/)
  })

  it('refuses a backup whose chunk does not match its sha256, before writing anything', async () => {
    const manifest = await backUp(source, s3, BUCKET, 'inventory', 500)
    const chunk = [...s3.state.objects.values()].find((o) => o.key.endsWith('part-00001.ndjson.gz'))!
    chunk.body = Buffer.concat([chunk.body.subarray(0, 100), Buffer.from('x'), chunk.body.subarray(101)])
    target = await startEmulator({flavour: 'serverless'})
    ;({client, settings} = await connect(target))

    const error = await failure(restore({source: manifest}))
    expect(error.message).to.equal("the backup is corrupt: 1 of 3 chunks do not match the manifest's sha256 (part-00001.ndjson.gz)")
    expect(error.exitCode).to.equal(3)
    expect(target.counters.bulk ?? 0).to.equal(0)
  })

  it('restores a local copy of a backup folder', async () => {
    const manifest = await backUp(source, s3, BUCKET, 'inventory', 700)
    const prefix = manifest.replace(`s3://${BUCKET}/`, '').replace(/manifest\.json$/, '')
    for (const object of s3.state.objects.values()) {
      if (object.key.startsWith(prefix)) await writeFile(join(dir, object.key.slice(prefix.length)), object.body)
    }

    target = await startEmulator({flavour: 'managed'})
    ;({client, settings} = await connect(target))
    const report = await restore({source: dir, index: 'inventory', createIndex: true})
    expect(report).to.deep.include({complete: true, written: 1500})
    expect(report.verify.chunks).to.equal(3)
    expect(report.created?.refusedByFlavour).to.deep.equal([])
  })

  it('refuses a truncated .ndjson.gz file before writing anything', async () => {
    const gz = gzipSync(ndjson(3000))
    const file = join(dir, 'cut.ndjson.gz')
    await writeFile(file, gz.subarray(0, Math.floor(gz.length * 0.8)))
    target = await startEmulator({flavour: 'serverless'})
    ;({client, settings} = await connect(target))

    const error = await failure(restore({source: file}))
    expect(error.message).to.equal(`${file} is truncated: the gzip data ends before its end marker`)
    expect(error.exitCode).to.equal(3)
    expect(target.counters.bulk ?? 0).to.equal(0)
  })

  it('a truncated gzip on stdin stops the restore loudly, saying how much was written', async () => {
    const gz = gzipSync(ndjson(3000))
    target = await startEmulator({flavour: 'serverless'})
    ;({client, settings} = await connect(target))

    const stdin = Readable.from([gz.subarray(0, Math.floor(gz.length * 0.8))])
    const error = await failure(restore({source: '-', stdin, batchDocs: 200, concurrency: 1}))
    expect(error.message).to.match(/^stdin is truncated: the gzip data ends before its end marker; [\d,]+ documents were written before it stopped$/)
    expect(error.details?.written).to.be.greaterThan(0)
    expect(error.exitCode).to.equal(3)
  })

  it('reports a count that does not catch up in time as incomplete', async () => {
    const file = join(dir, 'inv.ndjson')
    await writeFile(file, ndjson(100))
    target = await startEmulator({flavour: 'serverless', visibilityDelayMs: 5000})
    ;({client, settings} = await connect(target))
    const report = await restore({source: file, countTimeoutMs: 300})
    expect(report.written).to.equal(100)
    expect(report.count).to.include({count: 0, expected: 100, matched: false})
    expect(report.complete).to.equal(false)
  })

  it('creates a missing target from the backup\'s mappings without --create-index, and says so', async () => {
    const manifest = await backUp(source, s3, BUCKET, 'inventory', 400)
    target = await startEmulator({flavour: 'managed'})
    ;({client, settings} = await connect(target))

    const report = await restore({source: manifest})

    expect(report).to.deep.include({complete: true, written: 1500})
    expect(report.created?.index).to.equal('restored')
    expect(notes).to.include("index restored did not exist: created it with the backup's mappings and settings")
    const mappings = target.state.indices.get('restored')!.mappings as {properties: Record<string, unknown>}
    expect(mappings.properties.sku).to.deep.equal({type: 'keyword'})
  })

  it('--create-index refuses an existing index, and a data file', async () => {
    const manifest = await backUp(source, s3, BUCKET, 'inventory')
    target = await startEmulator({flavour: 'managed'})
    target.seed('restored', [])
    ;({client, settings} = await connect(target))
    const exists = await failure(restore({source: manifest, createIndex: true}))
    expect(exists.message).to.equal('index restored already exists; --create-index makes a new one')
    expect(exists.exitCode).to.equal(2)

    const file = join(dir, 'inv.ndjson')
    await writeFile(file, ndjson(3))
    expect((await failure(restore({source: file, createIndex: true}))).message).to.match(/--create-index needs a backup/)
  })

  it('writes refused documents to the dead-letter file, which restores once the cause is fixed', async () => {
    const lines = ndjson(50).trim().split('\n')
    lines[9] = lines[9].replace(/"price":[\d.]+/, '"price":"ten"')
    const file = join(dir, 'inv.ndjson')
    await writeFile(file, lines.join('\n') + '\n')
    target = await startEmulator({flavour: 'managed'})
    target.seed('restored', [], {mappings: inventoryMappings})
    ;({client, settings} = await connect(target))

    const report = await restore({source: file})
    expect(report).to.deep.include({written: 49, failed: 1, complete: false, deadLetter: join(dir, 'dead.ndjson')})
    const letters = (await readFile(join(dir, 'dead.ndjson'), 'utf8')).trim().split('\n')
    expect(letters).to.have.length(1)
    const letter = JSON.parse(letters[0])
    expect(letter).to.deep.include({_index: 'restored', _id: JSON.parse(lines[9])._id, line: 10})
    expect(letter.error.type).to.equal('mapper_parsing_exception')

    await writeFile(join(dir, 'fixed.ndjson'), letters[0].replace('"price":"ten"', '"price":10') + '\n')
    const again = await restore({source: join(dir, 'fixed.ndjson'), deadLetter: join(dir, 'dead2.ndjson')})
    expect(again).to.deep.include({written: 1, failed: 0, complete: true})
    expect(target.state.indices.get('restored')!.docs.size).to.equal(50)
  })
})
