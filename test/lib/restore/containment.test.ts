import {PutObjectCommand} from '@aws-sdk/client-s3'
import {expect} from 'chai'
import {createHash} from 'node:crypto'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {buildManifest} from '../../../src/lib/backup/manifest.js'
import {verifyBackup} from '../../../src/lib/backup/store.js'
import type {Client} from '../../../src/lib/connection/client.js'
import type {ConnectionSettings} from '../../../src/lib/connection/settings.js'
import {AossError} from '../../../src/lib/errors.js'
import {runRestore} from '../../../src/lib/restore/run.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'
import {type MultipartRecorder, startMultipartRecorder} from '../../support/s3.js'
import {connect, FAST_RETRY, s3Settings} from '../../support/restore-helpers.js'

/** A valid gzip chunk holding two "secret" documents, and a manifest naming it under `key`. */
const SECRET = gzipSync('{"_index":"x","_id":"s1","_source":{"secret":1}}\n{"_index":"x","_id":"s2","_source":{"secret":2}}\n')

function manifestFor(key: string): string {
  const manifest = buildManifest({
    toolVersion: 'test',
    startedAt: new Date(0),
    finishedAt: new Date(0),
    source: {endpoint: 'http://127.0.0.1', flavour: 'managed'},
    strategy: 'pit',
    index: {name: 'inventory', mappings: {}, settings: {}, aliases: {}, chunks: [{key, docs: 2, bytes: SECRET.length, sha256: createHash('sha256').update(SECRET).digest('hex')}]},
  })
  return JSON.stringify(manifest)
}

async function failure(promise: Promise<unknown>): Promise<AossError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).to.be.instanceOf(AossError)
  return error as AossError
}

describe('restore keeps chunk keys inside the backup', () => {
  let target: Emulator
  let client: Client
  let settings: ConnectionSettings
  let dir: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aoss-contain-'))
    target = await startEmulator({flavour: 'managed'})
    ;({client, settings} = await connect(target))
  })

  afterEach(async () => {
    await client.close()
    await target.stop()
    await rm(dir, {recursive: true, force: true})
  })

  const restore = (source: string, s3?: MultipartRecorder) =>
    runRestore(client, settings, {source, index: 'restored', retry: FAST_RETRY, countIntervalMs: 50, deadLetter: join(dir, 'dead.ndjson'), ...(s3 ? {s3: s3Settings(s3)} : {})})

  for (const key of ['../secretdir/x.ndjson.gz', '2026-11-27T20-00-00Z/../../secretdir/x.ndjson.gz', `${'/'}ABSOLUTE/secretdir/x.ndjson.gz`]) {
    it(`a local backup folder refuses the key ${key} with exit 2, writing nothing`, async () => {
      // The secret sits outside the backup folder, with the sha256 the manifest claims: only containment stops it.
      await mkdir(join(dir, 'secretdir'))
      await writeFile(join(dir, 'secretdir', 'x.ndjson.gz'), SECRET)
      const folder = join(dir, 'backup')
      await mkdir(folder)
      const resolvedKey = key.replace('ABSOLUTE', dir.slice(1))
      await writeFile(join(folder, 'manifest.json'), manifestFor(resolvedKey))

      const error = await failure(restore(folder))
      expect(error.exitCode).to.equal(2)
      expect(error.message).to.include(JSON.stringify(resolvedKey))
      expect(error.message).to.match(/leaves the backup folder/)
      expect(target.counters.bulk ?? 0).to.equal(0)
      expect(target.state.indices.has('restored')).to.equal(false)
    })
  }

  describe('from S3', () => {
    let s3: MultipartRecorder

    beforeEach(async () => {
      s3 = await startMultipartRecorder()
      await s3.bucket('bucket-a')
      await s3.bucket('bucket-b')
      await s3.client.send(new PutObjectCommand({Bucket: 'bucket-b', Key: 'private/secret.ndjson.gz', Body: SECRET}))
      await s3.client.send(new PutObjectCommand({Bucket: 'bucket-a', Key: 'other/secret.ndjson.gz', Body: SECRET}))
    })

    afterEach(async () => {
      await s3.stop()
    })

    const putManifest = (key: string) =>
      s3.client.send(new PutObjectCommand({Bucket: 'bucket-a', Key: 'cross/inventory/2026-11-27T20-00-00Z/manifest.json', Body: manifestFor(key)}))
    const manifestUri = 's3://bucket-a/cross/inventory/2026-11-27T20-00-00Z/manifest.json'
    const readsOutside = () => s3.state.requests.filter((r) => r.op === 'GetObject' && !r.key?.startsWith('cross/inventory/2026-11-27T20-00-00Z/'))

    it('refuses a key that climbs into another bucket (path-style ../) with exit 2, reading and writing nothing', async () => {
      await putManifest('../bucket-b/private/secret.ndjson.gz')
      const error = await failure(restore(manifestUri, s3))
      expect(error.exitCode).to.equal(2)
      expect(error.message).to.equal('chunk key "../bucket-b/private/secret.ndjson.gz" leaves the backup: it has a ".." segment')
      expect(readsOutside()).to.deep.equal([])
      expect(target.counters.bulk ?? 0).to.equal(0)
    })

    it('refuses a clean key outside the manifest\'s own folder', async () => {
      await putManifest('other/secret.ndjson.gz')
      const error = await failure(restore(manifestUri, s3))
      expect(error.exitCode).to.equal(2)
      expect(error.message).to.equal('chunk key "other/secret.ndjson.gz" leaves the backup: it is not under cross/inventory/2026-11-27T20-00-00Z/')
      expect(readsOutside()).to.deep.equal([])
      expect(target.counters.bulk ?? 0).to.equal(0)
    })

    it('backup verify refuses such a key too, instead of vouching for another bucket\'s object', async () => {
      await putManifest('../bucket-b/private/secret.ndjson.gz')
      const error = await failure(verifyBackup(s3.client, {bucket: 'bucket-a', key: 'cross/inventory/2026-11-27T20-00-00Z/manifest.json'}))
      expect(error.exitCode).to.equal(2)
      expect(readsOutside()).to.deep.equal([])
    })
  })
})
