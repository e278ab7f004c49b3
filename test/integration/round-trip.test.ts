/**
 * export → backup → restore → export, each through its command, gives back the same set of (_id, _source).
 * The source is a managed cluster, the target an OpenSearch Serverless collection (delayed visibility, a new
 * index that refuses writes for a while), and the bucket an S3 stand-in.
 */
import {expect} from 'chai'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {AossCommand} from '../../src/cli/base-command.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {type MultipartRecorder, S3_CREDENTIALS, startMultipartRecorder} from '../support/s3.js'
import {aoss} from '../support/cli.js'


async function pairs(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8')
  return text.trim().split('\n').map((line) => {
    const hit = JSON.parse(line) as {_id: string, _source: unknown}
    return JSON.stringify([hit._id, hit._source])
  }).sort()
}

describe('round trip: export → backup → restore → export', function () {
  this.timeout(120_000)
  let source: Emulator
  let target: Emulator
  let s3: MultipartRecorder
  let dir: string
  const saved = {id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY}

  before(async () => {
    AossCommand.clientOverrides = {retry: {maxRetries: 6, baseMs: 1, capMs: 5, maxRetryAfterMs: 10}}
    process.env.AWS_ACCESS_KEY_ID = S3_CREDENTIALS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = S3_CREDENTIALS.secretAccessKey
    dir = await mkdtemp(join(tmpdir(), 'aoss-round-trip-'))
    s3 = await startMultipartRecorder()
    await s3.bucket('backups')
    source = await startEmulator({flavour: 'managed'})
    source.seed('inventory', generateInventory(3000), {mappings: inventoryMappings})
    target = await startEmulator({flavour: 'serverless', visibilityDelayMs: 300, newIndexUnwritableMs: 200})
  })

  after(async () => {
    AossCommand.clientOverrides = undefined
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID
    else process.env.AWS_ACCESS_KEY_ID = saved.id
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret
    await source.stop()
    await target.stop()
    await s3.stop()
    await rm(dir, {recursive: true, force: true})
  })

  it('gives back the same set of (_id, _source)', async () => {
    const on = (emulator: Emulator) => ['-e', emulator.url, '--auth', 'none']
    const before = await aoss(['export', 'inventory', '-o', join(dir, 'before.ndjson'), ...on(source)])
    expect(before.error, before.stderr).to.equal(undefined)

    const backup = await aoss(['backup', 'inventory', '--bucket', 'backups', '--prefix', 'nightly', '--s3-endpoint', s3.endpoint, '--chunk-docs', '1000', '--json', ...on(source)])
    expect(backup.error, backup.stdout + backup.stderr).to.equal(undefined)
    const manifest = JSON.parse(backup.stdout).indices[0].manifest as string
    expect(manifest).to.match(/^s3:\/\/backups\/nightly\/inventory\/.+\/manifest\.json$/)

    const restore = await aoss(['restore', manifest, '--index', 'inventory-copy', '--create-index', '--s3-endpoint', s3.endpoint, '--json', ...on(target)])
    expect(restore.error, restore.stdout + restore.stderr).to.equal(undefined)
    expect(JSON.parse(restore.stdout)).to.deep.include({written: 3000, failed: 0, complete: true})

    const after = await aoss(['export', 'inventory-copy', '-o', join(dir, 'after.ndjson'), ...on(target)])
    expect(after.error).to.equal(undefined)

    const [a, b] = await Promise.all([pairs(join(dir, 'before.ndjson')), pairs(join(dir, 'after.ndjson'))])
    expect(a).to.have.length(3000)
    expect(b).to.deep.equal(a)
  })
})
