import {expect} from 'chai'

import {createClient} from '../../../src/lib/connection/client.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {isAossError} from '../../../src/lib/errors.js'
import type {StandInServer} from '../../support/aws-control/http.js'
import {startStsStandIn} from '../../support/aws-control/sts.js'
import {type Emulator, startEmulator} from '../../support/emulator/index.js'

const ACCOUNT = '210987654321'
const BASE = {accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret'}
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/dr-writer`
const ROLE_KEYS = {accessKeyId: 'ASIADRWRITER', secretAccessKey: 'dr-secret', sessionToken: 'dr-session-token'}

describe('role chaining (--role-arn) in the one client factory', function () {
  this.timeout(30_000)
  let sts: StandInServer & {calls: Record<string, number>}
  let emulator: Emulator

  before(async () => {
    sts = await startStsStandIn({
      principals: [{accessKeyId: BASE.accessKeyId, arn: 'arn:aws:iam::123456789012:user/ops'}],
      roles: [{roleArn: ROLE_ARN, trustedKeys: [BASE.accessKeyId], credentials: ROLE_KEYS, externalId: 'dr-2026'}],
    })
    // The target accepts only the role's temporary keys: a request it answers was signed by the assumed identity.
    emulator = await startEmulator({flavour: 'serverless', auth: {mode: 'sigv4', region: 'eu-west-1', credentials: ROLE_KEYS}})
    emulator.seed('orders', [{_id: '1', _source: {n: 1}}])
  })

  after(async () => {
    await emulator.stop()
    await sts.stop()
  })

  const settings = (extra: Parameters<typeof resolveSettings>[0], env: NodeJS.ProcessEnv = {}) =>
    resolveSettings({endpoint: emulator.url, auth: 'sigv4', service: 'aoss', region: 'eu-west-1', maxRetries: 0, ...extra}, {env: {AOSS_STS_ENDPOINT: sts.url, ...env}, cwd: '/nonexistent'})

  it('signs with the keys STS issued for the role, asking STS once for many requests', async () => {
    const before = sts.calls.AssumeRole ?? 0
    const client = await createClient(settings({roleArn: ROLE_ARN, externalId: 'dr-2026'}), {credentials: async () => BASE})
    for (let i = 0; i < 3; i++) {
      const {body} = await client.transport.request({method: 'GET', path: '/orders/_doc/1'})
      expect((body as {_source: unknown})._source).to.deep.equal({n: 1})
    }

    await client.close()
    expect((sts.calls.AssumeRole ?? 0) - before).to.equal(1)
  })

  it('takes the role from AOSS_ROLE_ARN and AOSS_EXTERNAL_ID', async () => {
    const resolved = settings({}, {AOSS_ROLE_ARN: ROLE_ARN, AOSS_EXTERNAL_ID: 'dr-2026', AOSS_ROLE_SESSION_NAME: 'nightly-dr'})
    expect(resolved.role).to.deep.equal({arn: ROLE_ARN, externalId: 'dr-2026', sessionName: 'nightly-dr', stsEndpoint: sts.url})
    const client = await createClient(resolved, {credentials: async () => BASE})
    const {statusCode} = await client.transport.request({method: 'GET', path: '/orders/_doc/1'})
    await client.close()
    expect(statusCode).to.equal(200)
  })

  it('without the role the base keys are refused by the same target', async () => {
    const client = await createClient(settings({}), {credentials: async () => BASE})
    const error = await client.transport.request({method: 'GET', path: '/orders/_doc/1'}).then(() => undefined, (e: unknown) => e)
    await client.close()
    expect((error as {meta?: {statusCode?: number}}).meta?.statusCode).to.equal(403)
  })

  it('a role that refuses the caller (wrong external id) is an access error naming the role', async () => {
    const client = await createClient(settings({roleArn: ROLE_ARN, externalId: 'wrong'}), {credentials: async () => BASE})
    const error = await client.transport.request({method: 'GET', path: '/orders/_doc/1'}).then(() => undefined, (e: unknown) => e)
    await client.close()
    expect(isAossError(error), String(error)).to.equal(true)
    expect(error).to.include({code: 'FORBIDDEN'})
    expect((error as Error).message).to.contain(`cannot assume ${ROLE_ARN}`)
  })

  it('refuses a role ARN that is not one, and a role with basic auth', () => {
    expect(() => settings({roleArn: 'arn:aws:iam::123:user/x'})).to.throw(/not an IAM role ARN/)
    expect(() => resolveSettings({endpoint: 'http://127.0.0.1:9', auth: 'none', roleArn: ROLE_ARN}, {env: {}, cwd: '/nonexistent'})).to.throw(/needs SigV4/)
  })

  it('reads a second connection under TARGET_ names only', () => {
    const env = {OPENSEARCH_URL: 'https://source.example', TARGET_OPENSEARCH_URL: 'https://target.example', TARGET_AWS_REGION: 'ap-south-1', TARGET_AOSS_AUTH: 'sigv4', TARGET_AOSS_ROLE_ARN: ROLE_ARN, AOSS_ROLE_ARN: 'arn:aws:iam::123456789012:role/source-reader'}
    const target = resolveSettings({}, {env, cwd: '/nonexistent'}, {envPrefix: 'TARGET_'})
    expect(target).to.include({endpoint: 'https://target.example', region: 'ap-south-1', auth: 'sigv4'})
    expect(target.role?.arn).to.equal(ROLE_ARN)
    expect(() => resolveSettings({}, {env: {OPENSEARCH_URL: 'https://source.example'}, cwd: '/nonexistent'}, {envPrefix: 'TARGET_', endpointFlag: '--to-endpoint'})).to.throw(/--to-endpoint or set TARGET_OPENSEARCH_URL/)
  })
})
