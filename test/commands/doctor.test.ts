import {expect} from 'chai'

import {ListObjectsV2Command} from '@aws-sdk/client-s3'

import type {DoctorResult} from '../../src/commands/doctor.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {S3_CREDENTIALS, startS3, type S3StandIn} from '../support/s3.js'
import {aoss} from '../support/cli.js'


describe('aoss doctor (command)', function () {
  this.timeout(60_000)
  let emulator: Emulator
  let s3: S3StandIn
  const saved: Record<string, string | undefined> = {}

  before(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', [{_id: '1', _source: {sku: 'a'}}])
    s3 = await startS3()
    await s3.bucket('doctor-bucket')
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'OUTPUT_BUCKET']) saved[name] = process.env[name]
    process.env.AWS_ACCESS_KEY_ID = S3_CREDENTIALS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = S3_CREDENTIALS.secretAccessKey
    delete process.env.OUTPUT_BUCKET
  })

  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }

    await s3.stop()
    await emulator.stop()
  })

  it('checks the bucket for a backup, writes and deletes its probe object, and exits 0 with --json', async () => {
    const {stdout, error} = await aoss(['doctor', '-e', emulator.url, '--auth', 'none', '--for', 'backup', '-i', 'inventory', '--bucket', 'doctor-bucket', '--prefix', 'nightly', '--s3-endpoint', s3.endpoint, '--s3-region', 'us-east-1', '--write-check', '--json'])
    expect(error).to.equal(undefined)
    const report = JSON.parse(stdout) as DoctorResult
    expect(report.exitCode).to.equal(0)
    const ids = Object.fromEntries(report.checks.map((c) => [c.id, c.status]))
    expect(ids).to.include({'s3.bucket': 'ok', 's3.write': 'ok', 'signing.readdocument': 'ok', 'endpoint.flavour': 'ok'})
    expect(report.checks.find((c) => c.id === 's3.write')?.evidence).to.match(/wrote and deleted s3:\/\/doctor-bucket\/nightly\/\.aoss-doctor-/)
    const left = await s3.client.send(new ListObjectsV2Command({Bucket: 'doctor-bucket'}))
    expect(left.KeyCount ?? 0).to.equal(0)
  })

  it('exits 4 and prints the checklist with the fix when the bucket is missing', async () => {
    const {stdout, error} = await aoss(['doctor', '-e', emulator.url, '--auth', 'none', '--for', 'restore', '--bucket', 'no-such-bucket', '--s3-endpoint', s3.endpoint])
    expect(error?.oclif?.exit).to.equal(4)
    expect(stdout).to.include('✗ bucket no-such-bucket does not exist')
    expect(stdout).to.include('→ Check --bucket')
    expect(stdout).to.include('✓ endpoint ' + emulator.url + ' (flag --endpoint)')
  })

  it('is where a refused export points: its 403 hint names `aoss doctor --for export`', async () => {
    emulator.addFault({times: 100, fault: {type: 'status', status: 403, body: {status: 403, error: {reason: '403 Forbidden', type: 'Forbidden'}}}})
    try {
      const {stderr, error} = await aoss(['export', 'inventory', '-e', emulator.url, '--auth', 'none', '--max-retries', '0'])
      expect(error?.oclif?.exit).to.equal(4)
      expect(stderr).to.include('Hint: Run `aoss doctor --for export` to name the cause.')
    } finally {
      emulator.clearFaults()
    }
  })

  it('exits 6 when nothing listens on the endpoint', async () => {
    const {stdout, error} = await aoss(['doctor', '-e', 'http://127.0.0.1:1', '--auth', 'none', '--json'])
    expect(error?.oclif?.exit).to.equal(6)
    const report = JSON.parse(stdout) as DoctorResult
    expect(report.checks.find((c) => c.id === 'network.tcp')?.status).to.equal('fail')
  })
})
