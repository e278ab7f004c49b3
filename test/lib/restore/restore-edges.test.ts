import {expect} from 'chai'
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {buildManifest} from '../../../src/lib/backup/manifest.js'
import type {Client} from '../../../src/lib/connection/client.js'
import type {ConnectionSettings} from '../../../src/lib/connection/settings.js'
import {AossError} from '../../../src/lib/errors.js'
import {type RestoreOptions, runRestore} from '../../../src/lib/restore/run.js'
import {generateInventory} from '../../support/data/inventory.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {connect, FAST_RETRY} from '../../support/restore-helpers.js'

function ndjson(count: number): string {
  return [...generateInventory(count)].map((doc) => JSON.stringify({_index: 'inventory', _id: doc._id, _source: doc._source})).join('\n') + '\n'
}

async function failure(promise: Promise<unknown>): Promise<AossError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).to.be.instanceOf(AossError)
  return error as AossError
}

describe('restore edges', () => {
  let target: Emulator
  let client: Client
  let settings: ConnectionSettings
  let dir: string
  const notes: string[] = []

  const restore = (options: Partial<RestoreOptions> & {source: string}) =>
    runRestore(client, settings, {index: 'restored', retry: FAST_RETRY, countIntervalMs: 50, deadLetter: join(dir, 'dead.ndjson'), onNote: (m) => notes.push(m), ...options})

  beforeEach(async () => {
    notes.length = 0
    dir = await mkdtemp(join(tmpdir(), 'aoss-restore-edges-'))
    target = await startEmulator({flavour: 'managed'})
    ;({client, settings} = await connect(target))
  })

  afterEach(async () => {
    await client.close()
    await target.stop()
    await rm(dir, {recursive: true, force: true})
  })

  it('--skip-verify on a chunk that does not match its manifest calls it corrupt, not "changed while it was read"', async () => {
    // A readable gzip chunk whose bytes are not the ones the manifest hashed: damaged, never seen intact.
    const chunk = gzipSync(ndjson(20))
    const folder = join(dir, 'backup')
    await mkdir(folder)
    await writeFile(join(folder, 'part-00000.ndjson.gz'), chunk)
    const manifest = buildManifest({
      toolVersion: 'test', startedAt: new Date(0), finishedAt: new Date(0), source: {endpoint: 'http://127.0.0.1', flavour: 'managed'}, strategy: 'pit',
      index: {name: 'inventory', mappings: {}, settings: {}, aliases: {}, chunks: [{key: 'part-00000.ndjson.gz', docs: 20, bytes: chunk.length, sha256: createHash('sha256').update('other bytes').digest('hex')}]},
    })
    await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest))

    const error = await failure(restore({source: folder, skipVerify: true}))
    expect(error.message).to.match(/part-00000\.ndjson\.gz is corrupt: its sha256 does not match the manifest \(found at its end, since --skip-verify skipped the check before writing\)/)
    expect(error.message).not.to.include('changed while it was read')
    expect(error.exitCode).to.equal(3)
    expect(error.hints.join(' ')).to.match(/may already be written/)
  })

  it('an empty source restores nothing with exit 0, but says so', async () => {
    const file = join(dir, 'empty.ndjson')
    await writeFile(file, '')
    target.seed('restored', [])

    const report = await restore({source: file})
    expect(report).to.deep.include({complete: true, docs: 0, written: 0})
    expect(report.warnings).to.deep.equal([`${file} holds no documents: nothing was written`])
    expect(notes).to.include(`warning: ${file} holds no documents: nothing was written`)
  })

  it('a dead-letter file that cannot be created is refused with exit 2 before anything is written', async () => {
    const file = join(dir, 'inv.ndjson')
    await writeFile(file, ndjson(30))

    const missing = await failure(restore({source: file, deadLetter: join(dir, 'no-such-folder', 'dead.ndjson')}))
    expect(missing.message).to.equal(`cannot create the dead-letter file ${join(dir, 'no-such-folder', 'dead.ndjson')}: its folder does not exist`)
    expect(missing.exitCode).to.equal(2)

    await writeFile(join(dir, 'earlier.ndjson'), 'earlier run\n')
    const exists = await failure(restore({source: file, deadLetter: join(dir, 'earlier.ndjson'), createIndex: false}))
    expect(exists.message).to.match(/: it already exists$/)
    expect(exists.exitCode).to.equal(2)
    expect(target.counters.bulk ?? 0).to.equal(0)
    expect(target.state.indices.has('restored')).to.equal(false)
  })

  it('a clean run still leaves no dead-letter file behind', async () => {
    const file = join(dir, 'inv.ndjson')
    await writeFile(file, ndjson(30))
    const report = await restore({source: file})
    expect(report).to.deep.include({complete: true, written: 30})
    expect(report.deadLetter).to.equal(undefined)
    expect(existsSync(join(dir, 'dead.ndjson'))).to.equal(false)
  })

  it('accepts a UTF-8 byte order mark before the first line, as doc put does', async () => {
    const file = join(dir, 'bom.ndjson')
    await writeFile(file, `\uFEFF${ndjson(10)}`)
    const report = await restore({source: file})
    expect(report).to.deep.include({complete: true, docs: 10, written: 10})
    expect(report.source.format).to.equal('hit')
  })
})
