/**
 * Incremental chains end to end: full backup → writes and updates → incremental → restore of the chain, which
 * must equal an export of the source; and the refusals that keep a chain from restoring short.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {expect} from 'chai'

import {serverBackupDeps} from '../../../src/lib/backup/deps.js'
import {parseS3Uri} from '../../../src/lib/backup/layout.js'
import {type BackupOptions, runBackup} from '../../../src/lib/backup/pipeline.js'
import {listBackups, verifyBackup} from '../../../src/lib/backup/store.js'
import type {Client} from '../../../src/lib/connection/client.js'
import {AossError} from '../../../src/lib/errors.js'
import {openReader} from '../../../src/lib/read/reader.js'
import {runRestore} from '../../../src/lib/restore/run.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {readAll} from '../../support/reader-helpers.js'
import {connect, FAST_RETRY, s3Settings} from '../../support/restore-helpers.js'
import {type MultipartRecorder, startMultipartRecorder} from '../../support/s3.js'

const BUCKET = 'backups'
const BASE = Date.parse('2026-12-01T00:00:00Z')
const MAPPINGS = {properties: {updated_at: {type: 'date'}, name: {type: 'keyword'}, version: {type: 'integer'}}}

/** 400 documents changed one second apart: the last five minutes' worth fall inside the default overlap. */
function items(count: number) {
  return Array.from({length: count}, (_, i) => ({_id: `item-${i}`, _source: {name: `item ${i}`, version: 1, updated_at: new Date(BASE + i * 1000).toISOString()}}))
}

/** Every document as (_id, _source), sorted: what "equal" means for a restore. */
async function snapshot(client: Client, index: string): Promise<Array<[string, unknown]>> {
  const hits = await readAll(await openReader(client, {index, batchSize: 100}))
  return hits.map((hit): [string, unknown] => [hit._id, hit._source]).sort((a, b) => a[0].localeCompare(b[0]))
}

async function failure(promise: Promise<unknown>): Promise<AossError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).to.be.instanceOf(AossError)
  return error as AossError
}

describe('incremental backup chains', function () {
  this.timeout(60_000)
  let source: Emulator
  let target: Emulator
  let s3: MultipartRecorder
  let dir: string
  let sourceConn: Awaited<ReturnType<typeof connect>>
  let targetConn: Awaited<ReturnType<typeof connect>>

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aoss-chain-'))
    s3 = await startMultipartRecorder()
    await s3.bucket(BUCKET)
    source = await startEmulator({flavour: 'managed'})
    source.seed('items', items(400), {mappings: MAPPINGS})
    target = await startEmulator({flavour: 'managed'})
    sourceConn = await connect(source)
    targetConn = await connect(target)
  })

  afterEach(async () => {
    await sourceConn.client.close()
    await targetConn.client.close()
    await target.stop()
    await source.stop()
    await s3.stop()
    await rm(dir, {recursive: true, force: true})
  })

  async function backUp(chain: BackupOptions['chain'], minute: number, prefix = 'nightly') {
    const {deps, source: facts} = await serverBackupDeps(sourceConn.client, sourceConn.settings, s3.client)
    const result = await runBackup(
      {bucket: BUCKET, prefix, indices: ['items'], toolVersion: 'test', source: facts, partSize: 5 * 1024 * 1024, read: {batchSize: 100}, chain, now: new Date(BASE + minute * 60_000)},
      deps,
    )
    return result.indices[0]!
  }

  async function put(id: string, source_: Record<string, unknown>): Promise<void> {
    await sourceConn.client.transport.request({method: 'PUT', path: `/items/_doc/${id}`, body: source_})
  }

  const restore = (manifest: string) =>
    runRestore(targetConn.client, targetConn.settings, {source: manifest, index: 'items', createIndex: true, retry: FAST_RETRY, s3: s3Settings(s3), countIntervalMs: 50, deadLetter: join(dir, 'dead.ndjson')})

  it('full → writes and updates → incremental: the chain restores equal to the source, the overlap without duplicates', async () => {
    const full = await backUp({incremental: false, field: 'updated_at'}, 60)
    expect(full.chain).to.deep.equal({field: 'updated_at', depth: 0})

    const later = (s: number) => new Date(BASE + 3_600_000 + s * 1000).toISOString()
    for (let i = 0; i < 20; i++) await put(`item-${i * 7}`, {name: `item ${i * 7} renamed`, version: 2, updated_at: later(i)})
    for (let i = 0; i < 30; i++) await put(`new-${i}`, {name: `new ${i}`, version: 1, updated_at: later(100 + i)})

    const incremental = await backUp({incremental: true}, 120)
    expect(incremental.chain?.depth).to.equal(1)
    expect(incremental.chain?.parent).to.equal(full.manifest)
    // The mark was item-399's time; five minutes before it, 300 originals are read again beside the 50 changes.
    expect(incremental.chain?.since).to.equal(new Date(BASE + 399_000 - 300_000).toISOString())
    // item-99 … item-399 (301, five of them updated), the 15 updated below item-99, and the 30 new ones.
    expect(incremental.docs).to.equal(301 + 15 + 30)

    const report = await restore(incremental.manifest!)
    expect(report.complete).to.equal(true)
    expect(report.written).to.equal(full.docs + incremental.docs)
    expect(report.warnings.join(' ')).to.contain('deleted at the source')
    expect(await snapshot(targetConn.client, 'items')).to.deep.equal(await snapshot(sourceConn.client, 'items'))
    expect((await snapshot(targetConn.client, 'items')).length).to.equal(430)
  })

  it('refuses an incremental without a parent, naming the way out', async () => {
    const error = await failure(backUp({incremental: true, field: 'updated_at'}, 60, 'elsewhere'))
    expect(error.exitCode).to.equal(2)
    expect(error.message).to.equal('no backup of items to build an incremental on')
    expect(error.hints.join(' ')).to.contain('--full-every')
  })

  it('refuses to restore or verify a chain with a missing link', async () => {
    const full = await backUp({incremental: false, field: 'updated_at'}, 60)
    const incremental = await backUp({incremental: true}, 120)
    s3.state.objects.delete(`${BUCKET}/${parseS3Uri(full.manifest!).key}`)

    const restoreError = await failure(restore(incremental.manifest!))
    expect(restoreError.message).to.contain('the backup chain is broken')
    expect(target.counters['bulk'] ?? 0).to.equal(0)
    const verifyError = await failure(verifyBackup(s3.client, parseS3Uri(incremental.manifest!)))
    expect(verifyError.message).to.contain('the backup chain is broken')
  })

  it('lists chains, verifies every link, and starts a new chain with --full-every', async () => {
    await backUp({incremental: false, field: 'updated_at'}, 60)
    const second = await backUp({incremental: true}, 120)
    const third = await backUp({incremental: true, fullEvery: 2}, 180)
    expect(third.chain).to.deep.equal({field: 'updated_at', depth: 0})

    const listed = await listBackups(s3.client, {bucket: BUCKET, prefix: 'nightly'})
    expect(listed.map((b) => b.chain?.depth)).to.deep.equal([0, 1, 0])
    const verified = await verifyBackup(s3.client, parseS3Uri(second.manifest!))
    expect(verified.ok).to.equal(true)
    expect(verified.chain).to.have.length(2)
  })
})
