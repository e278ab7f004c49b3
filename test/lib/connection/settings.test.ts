import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {hostFacts} from '../../../src/lib/connection/endpoint.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {AossError, ExitCode} from '../../../src/lib/errors.js'

describe('connection settings', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aoss-settings-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const resolve = (flags: Parameters<typeof resolveSettings>[0], env: NodeJS.ProcessEnv = {}) => resolveSettings(flags, {env, cwd: dir})

  it('takes flags over environment over .env', () => {
    writeFileSync(join(dir, '.env'), 'OPENSEARCH_URL=http://from-dotenv:9200\nAWS_REGION=eu-west-1\nAOSS_TIMEOUT=7\n')
    expect(resolve({}).endpoint).to.equal('http://from-dotenv:9200')
    expect(resolve({}, {OPENSEARCH_URL: 'http://from-env:9200'}).endpoint).to.equal('http://from-env:9200')
    expect(resolve({endpoint: 'http://from-flag:9200'}, {OPENSEARCH_URL: 'http://from-env:9200'}).endpoint).to.equal('http://from-flag:9200')
    expect(resolve({}).region).to.equal('eu-west-1')
    expect(resolve({}, {AWS_REGION: 'us-west-2'}).region).to.equal('us-west-2')
    expect(resolve({region: 'ap-south-1'}, {AWS_REGION: 'us-west-2'}).region).to.equal('ap-south-1')
    expect(resolve({}).requestTimeoutMs).to.equal(7000)
    expect(resolve({timeout: 3}).requestTimeoutMs).to.equal(3000)
  })

  it('does not copy .env into process.env', () => {
    writeFileSync(join(dir, '.env'), 'AOSS_SETTINGS_TEST_ONLY=1\nOPENSEARCH_URL=http://x:1\n')
    resolve({})
    expect(process.env.AOSS_SETTINGS_TEST_ONLY).to.equal(undefined)
  })

  it('names both the flag and the variable when the endpoint is missing', () => {
    try {
      resolve({})
      expect.fail('expected an error')
    } catch (error) {
      expect(error).to.be.instanceOf(AossError)
      expect((error as AossError).message).to.contain('--endpoint').and.to.contain('OPENSEARCH_URL')
      expect((error as AossError).exitCode).to.equal(ExitCode.usage)
    }
  })

  it('detects service and region from AWS host names', () => {
    expect(hostFacts('abc123xyz.us-east-1.aoss.amazonaws.com')).to.deep.equal({aws: true, region: 'us-east-1', service: 'aoss'})
    expect(hostFacts('abc123xyz.aoss.eu-central-1.on.aws')).to.deep.equal({aws: true, region: 'eu-central-1', service: 'aoss'})
    expect(hostFacts('search-logs-abcdef.ap-southeast-2.es.amazonaws.com')).to.deep.equal({aws: true, region: 'ap-southeast-2', service: 'es'})
    expect(hostFacts('vpc-logs-abcdef.us-gov-west-1.es.amazonaws.com')).to.deep.equal({aws: true, region: 'us-gov-west-1', service: 'es'})
    expect(hostFacts('localhost')).to.deep.equal({aws: false})

    const aoss = resolve({endpoint: 'abc123xyz.us-east-1.aoss.amazonaws.com'})
    expect(aoss).to.include({endpoint: 'https://abc123xyz.us-east-1.aoss.amazonaws.com', service: 'aoss', serviceSource: 'host', auth: 'sigv4', region: 'us-east-1'})
    const forced = resolve({endpoint: 'https://abc123xyz.us-east-1.aoss.amazonaws.com', service: 'es'})
    expect(forced).to.include({service: 'es', serviceSource: 'setting'})
  })

  it('picks auth: sigv4 for AWS hosts, basic when a user is configured, else none', () => {
    expect(resolve({endpoint: 'http://127.0.0.1:9200'}).auth).to.equal('none')
    const basic = resolve({endpoint: 'https://os.internal:9200'}, {OPENSEARCH_USERNAME: 'admin', OPENSEARCH_PASSWORD: 's3cret!'})
    expect(basic).to.include({auth: 'basic', username: 'admin', password: 's3cret!'})
    expect(() => resolve({endpoint: 'https://os.internal', auth: 'basic'})).to.throw(AossError, /user name and password/)
    expect(() => resolve({endpoint: 'https://os.internal', auth: 'sigv4'})).to.throw(AossError, /--region/)
    expect(resolve({endpoint: 'https://os.internal', auth: 'sigv4'}, {AWS_DEFAULT_REGION: 'us-east-2'}).region).to.equal('us-east-2')
  })

  it('signs under auth auto when --service or --region is given explicitly, whatever the host name', () => {
    const proxy = 'https://search.proxy.example.internal'
    expect(resolve({endpoint: proxy, service: 'aoss', region: 'eu-west-1'})).to.include({auth: 'sigv4', service: 'aoss', region: 'eu-west-1'})
    expect(resolve({endpoint: proxy, service: 'es'}, {AWS_REGION: 'us-west-2'})).to.include({auth: 'sigv4', service: 'es', region: 'us-west-2'})
    expect(resolve({endpoint: proxy}, {AOSS_SERVICE: 'aoss', AWS_REGION: 'us-west-2'})).to.include({auth: 'sigv4', service: 'aoss'})
    expect(resolve({endpoint: proxy, region: 'eu-west-1'})).to.include({auth: 'sigv4', service: 'es', region: 'eu-west-1'})
    expect(resolve({endpoint: proxy, service: 'aoss', region: 'eu-west-1', auth: 'auto'}).auth).to.equal('sigv4')
    // Only an explicit choice counts: AWS_REGION in the shell, or --service auto, leave a local cluster unsigned.
    expect(resolve({endpoint: 'http://127.0.0.1:9200'}, {AWS_REGION: 'us-west-2'}).auth).to.equal('none')
    expect(resolve({endpoint: 'http://127.0.0.1:9200', service: 'auto'}).auth).to.equal('none')
    expect(resolve({endpoint: proxy, service: 'aoss', region: 'eu-west-1', auth: 'none'}).auth).to.equal('none')
  })

  it('moves credentials out of the endpoint URL', () => {
    const settings = resolve({endpoint: 'https://admin:p%40ss@os.internal:9200/'})
    expect(settings.endpoint).to.equal('https://os.internal:9200')
    expect(settings).to.include({auth: 'basic', username: 'admin', password: 'p@ss'})
  })

  it('keeps TLS verification on unless asked', () => {
    expect(resolve({endpoint: 'https://x'}).insecure).to.equal(false)
    expect(resolve({endpoint: 'https://x', insecure: true}).insecure).to.equal(true)
    expect(resolve({endpoint: 'https://x'}, {AOSS_INSECURE: 'true'}).insecure).to.equal(true)
  })

  it('refuses values outside the allowed sets', () => {
    expect(() => resolve({endpoint: 'https://x'}, {AOSS_SERVICE: 'lambda'})).to.throw(AossError, /--service/)
    expect(() => resolve({endpoint: 'ftp://x'})).to.throw(AossError, /not a valid endpoint/)
  })
})
