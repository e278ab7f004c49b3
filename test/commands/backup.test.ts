import {expect} from 'chai'
import {readFile, rm, writeFile, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'

import {GetObjectCommand, PutObjectCommand} from '@aws-sdk/client-s3'

import type {BackupResult} from '../../src/commands/backup.js'
import type {BackupListResult} from '../../src/commands/backup/list.js'
import type {BackupVerifyResult} from '../../src/commands/backup/verify.js'
import {validateManifest} from '../../src/lib/backup/manifest.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {S3_CREDENTIALS, startS3, type S3StandIn} from '../support/s3.js'
import {aoss} from '../support/cli.js'

const DOCS = 3000

async function objectText(s3: S3StandIn, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.client.send(new GetObjectCommand({Bucket: bucket, Key: key}))
  return Buffer.from(await response.Body!.transformToByteArray())
}

describe('aoss backup, backup list, backup verify', function () {
  this.timeout(120_000)
  let emulator: Emulator
  let s3: S3StandIn
  let dir: string
  let conn: string[]
  let s3Args: string[]
  const saved: Record<string, string | undefined> = {}

  before(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', generateInventory(DOCS, {bytes: 400}), {mappings: inventoryMappings})
    emulator.seed('orders', generateInventory(150, {bytes: 200}))
    s3 = await startS3()
    await s3.bucket('cli-backups')
    conn = ['-e', emulator.url, '--auth', 'none']
    s3Args = ['--s3-endpoint', s3.endpoint, '--s3-region', 'us-east-1']
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'OUTPUT_BUCKET', 'AWS_ENDPOINT_URL_S3']) saved[name] = process.env[name]
    process.env.AWS_ACCESS_KEY_ID = S3_CREDENTIALS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = S3_CREDENTIALS.secretAccessKey
    delete process.env.OUTPUT_BUCKET
    delete process.env.AWS_ENDPOINT_URL_S3
    dir = await mkdtemp(join(tmpdir(), 'aoss-backup-cmd-'))
  })

  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }

    await rm(dir, {recursive: true, force: true})
    await s3.stop()
    await emulator.stop()
  })

  it('backs up an index whose chunks hold exactly what `aoss export` writes', async () => {
    const read = ['--slices', '2', '--batch-size', '250']
    const {result, error} = await aoss<BackupResult>(['backup', 'inventory', ...conn, ...s3Args, '-b', 'cli-backups', '-p', 'nightly', '--chunk-docs', '1000', ...read, '--json'])
    expect(error).to.equal(undefined)
    expect(result!.status).to.equal('complete')
    expect(result!.docs).to.equal(DOCS)

    const file = join(dir, 'inventory.ndjson')
    const exported = await aoss(['export', 'inventory', ...conn, ...read, '-o', file, '--quiet'])
    expect(exported.error).to.equal(undefined)

    const manifestKey = result!.indices[0].manifest!.replace('s3://cli-backups/', '')
    const manifest = validateManifest(JSON.parse((await objectText(s3, 'cli-backups', manifestKey)).toString()))
    expect(manifest.indices[0].chunks.length).to.be.greaterThanOrEqual(3)
    expect(manifest.indices[0].docs).to.equal(DOCS)
    expect(manifest.tool.name).to.equal('aoss')
    expect(manifest.source.endpoint).to.equal(emulator.url)
    let stored = ''
    for (const chunk of manifest.indices[0].chunks) stored += gunzipSync(await objectText(s3, 'cli-backups', chunk.key)).toString()
    expect(stored).to.equal(await readFile(file, 'utf8'))
  })

  it('lists complete and incomplete backups and verifies them', async () => {
    const {result: backed} = await aoss<BackupResult>(['backup', 'orders', ...conn, ...s3Args, '-b', 'cli-backups', '-p', 'listing', '--json'])
    // A run that died before its manifest: chunks only.
    await s3.client.send(new PutObjectCommand({Bucket: 'cli-backups', Key: 'listing/orders/2020-01-01T00-00-00Z/part-00000.ndjson.gz', Body: 'x'}))

    const {result: listed, stdout} = await aoss<BackupListResult>(['backup', 'list', ...s3Args, '-b', 'cli-backups', '-p', 'listing'])
    expect(listed!.backups.map((b) => [b.index, b.complete, b.docs])).to.deep.equal([['orders', true, 150], ['orders', false, undefined]])
    expect(stdout).to.match(/orders .*complete/)
    expect(stdout).to.match(/incomplete/)

    const manifestUri = backed!.indices[0].manifest!
    const ok = await aoss<BackupVerifyResult>(['backup', 'verify', manifestUri, ...s3Args])
    expect(ok.error).to.equal(undefined)
    expect(ok.result!.ok).to.equal(true)
    expect(ok.stdout).to.match(/every chunk present, sizes and sha256 match/)

    // Damage the chunk: same size, different bytes.
    const key = `${manifestUri.replace('s3://cli-backups/', '').replace(/manifest\.json$/, '')}part-00000.ndjson.gz`
    const original = await objectText(s3, 'cli-backups', key)
    const damaged = Buffer.from(original)
    damaged[damaged.length - 10] ^= 0xff
    await s3.client.send(new PutObjectCommand({Bucket: 'cli-backups', Key: key, Body: damaged}))
    const bad = await aoss(['backup', 'verify', manifestUri, ...s3Args])
    expect(bad.error?.oclif?.exit).to.equal(3)
    expect(bad.stdout).to.match(/sha256/)

    const missing = await aoss(['backup', 'verify', 's3://cli-backups/listing/orders/2020-01-01T00-00-00Z/', ...s3Args])
    expect(missing.error?.oclif?.exit).to.equal(5)
    expect(missing.stderr).to.match(/no manifest at s3:\/\/cli-backups\/listing\/orders\/2020-01-01T00-00-00Z\/manifest\.json/)
  })

  it('reads the bucket from OUTPUT_BUCKET and fails with usage errors for what S3 cannot do', async () => {
    process.env.OUTPUT_BUCKET = 'cli-backups'
    try {
      const {result, error} = await aoss<BackupResult>(['backup', 'orders', ...conn, ...s3Args, '-p', 'env', '--json'])
      expect(error).to.equal(undefined)
      expect(result!.bucket).to.equal('cli-backups')
    } finally {
      delete process.env.OUTPUT_BUCKET
    }

    const noBucket = await aoss(['backup', 'orders', ...conn, ...s3Args])
    expect(noBucket.error?.oclif?.exit).to.equal(2)
    expect(noBucket.stderr).to.match(/no bucket: pass --bucket or set OUTPUT_BUCKET/)

    const smallParts = await aoss(['backup', 'orders', ...conn, ...s3Args, '-b', 'cli-backups', '--part-size', '1MiB'])
    expect(smallParts.error?.oclif?.exit).to.equal(2)
    expect(smallParts.stderr).to.match(/at least 5 MiB/)

    const kms = await aoss(['backup', 'orders', ...conn, ...s3Args, '-b', 'cli-backups', '--kms-key-id', 'alias/x'])
    expect(kms.error?.oclif?.exit).to.equal(2)
  })

  it('exits 5 for an index that does not exist and writes nothing', async () => {
    const {error, stderr} = await aoss(['backup', 'nosuch', ...conn, ...s3Args, '-b', 'cli-backups', '-p', 'missing'])
    expect(error?.oclif?.exit).to.equal(5)
    expect(stderr).to.match(/index not found: nosuch/)
    const {result} = await aoss<BackupListResult>(['backup', 'list', ...s3Args, '-b', 'cli-backups', '-p', 'missing', '--json'])
    expect(result!.backups).to.deep.equal([])
  })

  it('says where a bucket is missing (exit 5) and leaves no manifest', async () => {
    const file = join(dir, 'q.json')
    await writeFile(file, JSON.stringify({query: {match_all: {}}}))
    const {error, stderr} = await aoss(['backup', 'orders', ...conn, ...s3Args, '-b', 'no-such-bucket', '--query', file])
    expect(error?.oclif?.exit).to.equal(5)
    expect(stderr).to.match(/bucket no-such-bucket does not exist/)
  })

  it('checks the bucket and the credentials before it reads a single document', async () => {
    // Any read would meet this refusal and fail with its own message: the S3 error proves nothing was read first.
    emulator.addFault({route: 'search', times: 1000, fault: {type: 'status', status: 418, body: {error: 'read before the bucket was checked'}}})
    emulator.addFault({route: 'pit.create', times: 1000, fault: {type: 'status', status: 418, body: {error: 'read before the bucket was checked'}}})
    try {
      const missing = await aoss(['backup', 'inventory', ...conn, ...s3Args, '-b', 'no-such-bucket'])
      expect(missing.error?.oclif?.exit).to.equal(5)
      expect(missing.stderr).to.match(/checking the bucket before reading: bucket no-such-bucket does not exist/)

      process.env.AWS_ACCESS_KEY_ID = 'NOT-A-KNOWN-KEY'
      const denied = await aoss(['backup', 'inventory', ...conn, ...s3Args, '-b', 'cli-backups'])
      expect(denied.error?.oclif?.exit, denied.stderr).to.equal(4)
      expect(denied.stderr).to.not.contain('read before the bucket was checked')
      expect(denied.stderr).to.match(/checking the bucket before reading: access to s3:\/\/cli-backups denied/)
    } finally {
      process.env.AWS_ACCESS_KEY_ID = S3_CREDENTIALS.accessKeyId
      emulator.clearFaults()
    }
  })
})
