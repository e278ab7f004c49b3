import {expect} from 'chai'
import nock from 'nock'
import {createHash} from 'node:crypto'
import {type AddressInfo} from 'node:net'
import {createServer} from 'node:http'

import {createClient} from '../../../src/lib/connection/client.js'
import {type ConnectionSettings, resolveSettings} from '../../../src/lib/connection/settings.js'
import {toAossError} from '../../../src/lib/connection/translate.js'
import {ExitCode} from '../../../src/lib/errors.js'

const AOSS = 'https://abc123xyz.us-east-1.aoss.amazonaws.com'
const credentials = {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMIsecretKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLEsessionTOKEN'}

function settingsFor(endpoint: string, extra: Parameters<typeof resolveSettings>[0] = {}, env: NodeJS.ProcessEnv = {}): ConnectionSettings {
  return resolveSettings({endpoint, ...extra}, {env, cwd: '/nonexistent-dir-for-tests'})
}

describe('client factory', () => {
  before(() => nock.disableNetConnect())
  afterEach(() => nock.cleanAll())
  after(() => nock.enableNetConnect())

  it('signs for aoss with the body hash, date and session token', async () => {
    let seen: Record<string, string | string[] | undefined> = {}
    const body = {query: {match_all: {}}}
    nock(AOSS)
      .post('/inventory/_search')
      .reply(function () {
        seen = this.req.headers
        return [200, {hits: {hits: []}}]
      })
    const client = await createClient(settingsFor(AOSS), {credentials: async () => credentials})
    await client.transport.request({method: 'POST', path: '/inventory/_search', body})

    const sha = createHash('sha256').update(JSON.stringify(body)).digest('hex')
    expect(String(seen.authorization)).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/aoss\/aws4_request, SignedHeaders=[^,]*x-amz-content-sha256[^,]*, Signature=[0-9a-f]{64}$/)
    expect(seen['x-amz-content-sha256']).to.equal(sha)
    expect(seen['x-amz-security-token']).to.equal(credentials.sessionToken)
    expect(String(seen['x-amz-date'])).to.match(/^\d{8}T\d{6}Z$/)
  })

  it('sends the empty-body hash on GET, as AOSS requires on every request', async () => {
    let seen: Record<string, string | string[] | undefined> = {}
    nock(AOSS)
      .get('/_cat/indices')
      .query(true)
      .reply(function () {
        seen = this.req.headers
        return [200, []]
      })
    const client = await createClient(settingsFor(AOSS), {credentials: async () => credentials})
    await client.transport.request({method: 'GET', path: '/_cat/indices', querystring: {format: 'json'}})
    expect(seen['x-amz-content-sha256']).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('signs for es on a managed domain', async () => {
    const domain = 'https://search-logs-abc.eu-west-1.es.amazonaws.com'
    let auth = ''
    nock(domain)
      .get('/')
      .reply(function () {
        auth = String(this.req.headers.authorization)
        return [200, {version: {number: '2.17.0'}}]
      })
    const client = await createClient(settingsFor(domain), {credentials: async () => credentials})
    await client.transport.request({method: 'GET', path: '/'})
    expect(auth).to.match(/\/eu-west-1\/es\/aws4_request/)
  })

  it('retries 429 with back-off, honouring Retry-After, then succeeds', async () => {
    const scope = nock('http://127.0.0.1:9200')
      .get('/_cat/indices')
      .query(true)
      .reply(429, {error: 'too many'}, {'Retry-After': '0'})
      .get('/_cat/indices')
      .query(true)
      .reply(503, 'busy')
      .get('/_cat/indices')
      .query(true)
      .reply(200, [{index: 'a'}])
    const client = await createClient(settingsFor('http://127.0.0.1:9200'), {retry: {baseMs: 1, capMs: 5}})
    const {body} = await client.transport.request({method: 'GET', path: '/_cat/indices', querystring: {format: 'json'}})
    expect(body).to.deep.equal([{index: 'a'}])
    expect(scope.isDone()).to.equal(true)
  })

  it('gives up after the retry budget and reports throttling with exit code 7', async () => {
    nock('http://127.0.0.1:9200').get('/_cat/indices').query(true).times(3).reply(429, {error: 'slow down'})
    const client = await createClient(settingsFor('http://127.0.0.1:9200', {maxRetries: 2}), {retry: {baseMs: 1, capMs: 2}})
    const error = await client.transport.request({method: 'GET', path: '/_cat/indices', querystring: {format: 'json'}}).then(
      () => expect.fail('expected a rejection'),
      (error_: unknown) => toAossError(error_),
    )
    expect(error.code).to.equal('THROTTLED')
    expect(error.exitCode).to.equal(ExitCode.throttled)
    expect(nock.pendingMocks()).to.have.length(0)
  })

  it('retries a connection reset by the server', async () => {
    let calls = 0
    const server = createServer((request, response) => {
      calls++
      if (calls === 1) {
        request.socket.destroy()
        return
      }

      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({count: 5}))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      nock.enableNetConnect('127.0.0.1')
      const {port} = server.address() as AddressInfo
      const client = await createClient(settingsFor(`http://127.0.0.1:${port}`), {retry: {baseMs: 1, capMs: 2}})
      const {body} = await client.transport.request({method: 'POST', path: '/x/_count'})
      expect(body.count).to.equal(5)
      expect(calls).to.equal(2)
    } finally {
      nock.disableNetConnect()
      server.close()
    }
  })

  it('never logs a secret in debug output', async () => {
    const lines: string[] = []
    nock(AOSS).get('/_cat/indices').query(true).reply(200, [])
    const signed = await createClient(settingsFor(AOSS, {debug: true}), {credentials: async () => credentials, log: (line) => lines.push(line)})
    await signed.transport.request({method: 'GET', path: '/_cat/indices', querystring: {format: 'json'}})

    const password = 'hunter2-very-secret'
    nock('https://os.internal:9200').get('/').reply(200, {version: {number: '2.11.0'}})
    const basic = await createClient(
      settingsFor('https://os.internal:9200', {debug: true}, {OPENSEARCH_USERNAME: 'admin', OPENSEARCH_PASSWORD: password}),
      {log: (line) => lines.push(line)},
    )
    await basic.transport.request({method: 'GET', path: '/'})

    const all = lines.join('\n')
    expect(lines.length).to.be.greaterThan(3)
    expect(all).to.contain('GET https://abc123xyz.us-east-1.aoss.amazonaws.com/_cat/indices')
    expect(all).to.match(/"authorization":"\[redacted\]"/i)
    expect(all).to.match(/"x-amz-security-token":"\[redacted\]"/i)
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken, password, Buffer.from(`admin:${password}`).toString('base64')]) {
      expect(all).not.to.contain(secret)
    }
  })
})
