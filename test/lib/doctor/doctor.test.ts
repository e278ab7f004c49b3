import {expect} from 'chai'
import http from 'node:http'
import type {AddressInfo} from 'node:net'

import type {AwsCredentials} from '../../../src/lib/connection/client.js'
import {type DoctorOptions, runDoctor} from '../../../src/lib/doctor/run.js'
import type {Check, DoctorReport} from '../../../src/lib/doctor/types.js'
import {startAossControlStandIn, type StoredPolicy} from '../../support/aws-control/aoss-control.js'
import type {StandInServer} from '../../support/aws-control/http.js'
import {startStsStandIn} from '../../support/aws-control/sts.js'
import {type Emulator, type EmulatorOptions, startEmulator} from '../../support/emulator/index.js'

const ACCOUNT = '123456789012'
const USER = {accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret'}
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/jobs/exporter`
const ROLE_CREDS = {accessKeyId: 'ASIAROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token'}
const EXPIRED = {accessKeyId: 'ASIAOLD', secretAccessKey: 'old-secret', sessionToken: 'old-token'}

const READ = ['aoss:ReadDocument', 'aoss:DescribeIndex']
const dataPolicy = (name: string, principal: string[], permissions: string[]): StoredPolicy => ({
  name,
  policy: [{Rules: [{ResourceType: 'index', Resource: ['index/shop/*'], Permission: permissions}, {ResourceType: 'collection', Resource: ['collection/shop'], Permission: ['aoss:DescribeCollectionItems']}], Principal: principal}],
})
const publicNetwork: StoredPolicy = {name: 'shop-net', policy: [{Rules: [{ResourceType: 'collection', Resource: ['collection/shop']}], AllowFromPublic: true}]}
const vpcNetwork: StoredPolicy = {name: 'shop-vpc', policy: [{Rules: [{ResourceType: 'collection', Resource: ['collection/shop']}], AllowFromPublic: false, SourceVPCEs: ['vpce-0abc']}]}

const find = (report: DoctorReport, id: string): Check => {
  const found = report.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`)
  return found
}

describe('aoss doctor (library) against the emulator and the AWS stand-ins', function () {
  this.timeout(60_000)
  const started: Array<{stop: () => Promise<void>}> = []
  let sts: StandInServer

  before(async () => {
    sts = await startStsStandIn({
      principals: [{accessKeyId: USER.accessKeyId, arn: USER_ARN}, {accessKeyId: EXPIRED.accessKeyId, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/old/s`, expired: true}],
      roles: [{roleArn: ROLE_ARN, credentials: ROLE_CREDS}],
    })
    started.push(sts)
  })

  after(async () => {
    for (const s of started) await s.stop()
  })

  async function emulatorWith(options: Partial<EmulatorOptions> & {credentials?: typeof USER & {sessionToken?: string}} = {}): Promise<Emulator> {
    const {credentials = USER, ...rest} = options
    const emulator = await startEmulator({flavour: 'serverless', auth: {mode: 'sigv4', region: 'us-east-1', credentials}, ...rest})
    emulator.seed('inventory', [{_id: '1', _source: {sku: 'a'}}])
    started.push(emulator)
    return emulator
  }

  async function control(accessPolicies: StoredPolicy[], networkPolicies: StoredPolicy[] = [publicNetwork], allowedKeys?: string[]): Promise<StandInServer> {
    const server = await startAossControlStandIn({accessPolicies, networkPolicies, allowedKeys})
    started.push(server)
    return server
  }

  function doctor(emulator: {url: string}, controlPlane: StandInServer | undefined, overrides: Partial<DoctorOptions> & {credentials?: () => Promise<AwsCredentials>, region?: string, service?: 'aoss' | 'es', roleArn?: string} = {}): Promise<DoctorReport> {
    const {region = 'us-east-1', service = 'aoss', roleArn, ...rest} = overrides
    return runDoctor({
      connection: {endpoint: emulator.url, auth: 'sigv4', region, service, roleArn},
      job: 'export',
      index: 'inventory',
      collection: 'shop',
      credentials: async () => USER,
      env: {AOSS_STS_ENDPOINT: sts.url, ...(controlPlane ? {AOSS_CONTROL_ENDPOINT: controlPlane.url} : {})},
      cwd: '/nonexistent',
      ...rest,
    })
  }

  it('passes when the principal is named with every permission export needs', async () => {
    const report = await doctor(await emulatorWith(), await control([dataPolicy('shop-readers', [USER_ARN], READ)]))
    expect(report.exitCode, JSON.stringify(report.checks.filter((c) => c.status === 'fail'))).to.equal(0)
    expect(find(report, 'credentials.identity').evidence).to.include(USER_ARN)
    expect(find(report, 'permissions.data-access')).to.include({status: 'ok'})
    expect(find(report, 'permissions.data-access').evidence).to.include('named directly in shop-readers')
    expect(find(report, 'permissions.network-policy')).to.include({status: 'ok'})
    expect(find(report, 'signing.readdocument')).to.include({status: 'ok'})
  })

  it('names aoss:ReadDocument when the policy names the principal without it', async () => {
    const report = await doctor(await emulatorWith(), await control([dataPolicy('shop-describe', [USER_ARN], ['aoss:DescribeIndex'])]))
    const access = find(report, 'permissions.data-access')
    expect(access.status).to.equal('fail')
    expect(access.details?.missing).to.deep.equal(['aoss:ReadDocument'])
    expect(access.evidence).to.match(/missing aoss:ReadDocument on index\/shop\/inventory/)
    expect(report.exitCode).to.equal(4)
  })

  it('says the principal is not named, and what to add, when no policy names it', async () => {
    const report = await doctor(await emulatorWith(), await control([dataPolicy('others', [`arn:aws:iam::${ACCOUNT}:user/bob`], READ)]))
    const access = find(report, 'permissions.data-access')
    expect(access).to.include({status: 'fail'})
    expect(access.details?.named).to.equal('no')
    expect(access.evidence).to.include(`${USER_ARN} is not named`)
    expect(access.fix).to.include('aoss:ReadDocument, aoss:DescribeIndex')
    expect(report.exitCode).to.equal(4)
  })

  it('finds the principal through the role its session assumed (--role-arn)', async () => {
    const emulator = await emulatorWith({credentials: ROLE_CREDS})
    const report = await doctor(emulator, await control([dataPolicy('jobs', [ROLE_ARN], READ)]), {roleArn: ROLE_ARN})
    expect(find(report, 'credentials.assume-role')).to.include({status: 'ok'})
    expect(find(report, 'credentials.assume-role').evidence).to.include('assumed-role/exporter/aoss-doctor')
    const access = find(report, 'permissions.data-access')
    expect(access.details?.named).to.equal('role')
    expect(access.status).to.equal('ok')
    expect(report.exitCode).to.equal(0)
  })

  it('names a VPC-only network policy when the collection refuses this machine', async () => {
    const emulator = await emulatorWith()
    // Outside the VPC, AOSS answers every request with its opaque 403.
    emulator.addFault({times: 1000, fault: {type: 'status', status: 403, body: {status: 403, error: {reason: '403 Forbidden', type: 'Forbidden'}}}})
    const report = await doctor(emulator, await control([dataPolicy('shop-readers', [USER_ARN], READ)], [vpcNetwork]))
    const network = find(report, 'permissions.network-policy')
    expect(network.status).to.equal('fail')
    expect(network.evidence).to.include('only VPC endpoints vpce-0abc')
    expect(report.exitCode).to.equal(4)
  })

  it('names a clock 10 minutes off the server', async () => {
    const report = await doctor(await emulatorWith({clockOffsetMs: 10 * 60_000}), await control([dataPolicy('shop-readers', [USER_ARN], READ)]))
    const clock = find(report, 'clock.skew')
    expect(clock.status).to.equal('fail')
    expect(clock.details?.skewSeconds).to.be.within(-601, -599)
    expect(clock.evidence).to.match(/(599|600|601) s behind the server's Date: SigV4 refuses/)
    expect(find(report, 'signing.clock').status).to.equal('fail')
    expect(report.exitCode).to.equal(4)
  })

  it('names the region the server accepts when the signature is scoped to another', async () => {
    const report = await doctor(await emulatorWith(), await control([dataPolicy('shop-readers', [USER_ARN], READ)]), {region: 'eu-west-3'})
    const scope = find(report, 'signing.scope')
    expect(scope.status).to.equal('fail')
    expect(scope.details).to.deep.equal({signed: 'eu-west-3', expected: 'us-east-1'})
    expect(scope.fix).to.equal('Pass --region us-east-1.')
    expect(report.exitCode).to.equal(4)
  })

  it('names the service when a collection is signed for es', async () => {
    const report = await doctor(await emulatorWith(), await control([dataPolicy('shop-readers', [USER_ARN], READ)]), {service: 'es'})
    const scope = find(report, 'signing.scope')
    expect(scope.details).to.deep.equal({signed: 'es', expected: 'aoss'})
    expect(scope.fix).to.equal('Pass --service aoss.')
  })

  it('reads the expected scope from a managed domain’s own message', async () => {
    const emulator = await emulatorWith({flavour: 'managed', auth: {mode: 'sigv4', region: 'us-east-1', service: 'es', credentials: USER}})
    const report = await doctor(emulator, undefined, {region: 'eu-west-3', service: 'es'})
    const scope = find(report, 'signing.scope')
    expect(scope.evidence).to.include('refuses the signing region eu-west-3')
    expect(report.exitCode).to.equal(4)
  })

  it('names an expired session token', async () => {
    const emulator = await emulatorWith({credentials: EXPIRED})
    const report = await doctor(emulator, await control([]), {credentials: async () => ({...EXPIRED, expiration: new Date(Date.now() - 60_000)})})
    expect(find(report, 'credentials.expiry').status).to.equal('fail')
    expect(find(report, 'credentials.identity').evidence).to.include('session token has expired')
    expect(report.exitCode).to.equal(4)
  })

  it('names an HTML answer (a login page) and stops there', async () => {
    const page = http.createServer((_req, res) => {
      res.writeHead(200, {'content-type': 'text/html; charset=utf-8'})
      res.end('<!doctype html><html><head><title>Sign in</title></head><body>login</body></html>')
    })
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve))
    started.push({stop: () => new Promise<void>((resolve) => page.close(() => resolve()))})
    const report = await doctor({url: `http://127.0.0.1:${(page.address() as AddressInfo).port}`}, undefined)
    const answer = find(report, 'endpoint.answer')
    expect(answer.status).to.equal('fail')
    expect(answer.evidence).to.include('HTML page (200, "Sign in")')
    expect(report.checks.some((c) => c.area === 'credentials')).to.equal(false)
    expect(report.exitCode).to.equal(6)
  })

  it('names a redirect (a console or proxy URL)', async () => {
    const redirect = http.createServer((_req, res) => {
      res.writeHead(302, {location: 'https://signin.example.test/login'})
      res.end()
    })
    await new Promise<void>((resolve) => redirect.listen(0, '127.0.0.1', resolve))
    started.push({stop: () => new Promise<void>((resolve) => redirect.close(() => resolve()))})
    const report = await doctor({url: `http://127.0.0.1:${(redirect.address() as AddressInfo).port}`}, undefined)
    expect(find(report, 'endpoint.answer').evidence).to.include('redirects (302) to https://signin.example.test/login')
    expect(report.exitCode).to.equal(6)
  })

  it('says what it could not check without control-plane access, after the data-plane probes', async () => {
    const report = await doctor(await emulatorWith(), await control([dataPolicy('shop-readers', [USER_ARN], READ)], [publicNetwork], ['AKIDSOMEONEELSE']))
    const access = find(report, 'permissions.data-access')
    expect(access.status).to.equal('warn')
    expect(access.evidence).to.include('no control-plane access (AccessDeniedException)')
    expect(find(report, 'signing.readdocument').status).to.equal('ok')
    expect(report.exitCode).to.equal(0)
  })
})
