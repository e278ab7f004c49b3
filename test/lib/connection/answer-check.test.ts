/**
 * The transport's check that an answer is OpenSearch, for parsed and streamed answers alike, and what it lets
 * through: bodiless answers a call may legitimately get (HEAD, an empty body, AOSS's empty 404 on `GET /`).
 */
import {expect} from 'chai'
import type {Readable} from 'node:stream'

import {createClient} from '../../../src/lib/connection/client.js'
import {askServer} from '../../../src/lib/connection/flavour.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {readBody} from '../../../src/lib/connection/stream-response.js'
import {toAossError} from '../../../src/lib/connection/translate.js'
import {ExitCode} from '../../../src/lib/errors.js'
import {type FakeServer, fakeServer} from '../../support/fake-server.js'
import {clientFor, rejection} from '../../support/client.js'

describe('answers that are not OpenSearch', () => {
  let server: FakeServer
  before(async () => {
    server = await fakeServer((request, response) => {
      switch (request.url) {
        case '/html': {
          response.writeHead(200, {'content-type': 'text/html'})
          response.end('<html>sign in</html>')
          break
        }

        case '/moved': {
          response.writeHead(301, {location: '/elsewhere'})
          response.end()
          break
        }

        case '/json': {
          response.writeHead(200, {'content-type': 'application/json'})
          response.end('{"ok":true}')
          break
        }

        case '/trickle': {
          // A byte now and then: the socket never goes idle, the answer never ends.
          response.writeHead(200, {'content-type': 'application/json'})
          response.write('[')
          const timer = setInterval(() => response.write(' '), 50)
          response.on('close', () => clearInterval(timer))
          break
        }

        case '/': {
          // AOSS: 404, empty, no server header through some proxies.
          response.writeHead(404)
          response.end()
          break
        }

        default: {
          response.writeHead(200)
          response.end()
        }
      }
    })
  })
  after(() => server.stop())

  it('fails a parsed call that got a web page, exit 6', async () => {
    const client = await clientFor(server.url)
    const error = toAossError(await rejection(client.transport.request({method: 'GET', path: '/html'})))
    expect(error.code).to.equal('NOT_OPENSEARCH')
    expect(error.exitCode).to.equal(ExitCode.unreachable)
    expect(error.message).to.include('answered text/html')
  })

  it('fails a streamed call that got a web page, before reading it', async () => {
    const client = await clientFor(server.url)
    const error = toAossError(await rejection(client.transport.request({method: 'POST', path: '/html'}, {asStream: true})))
    expect(error.code).to.equal('NOT_OPENSEARCH')
  })

  it('fails a redirect, streamed or not, and names its target', async () => {
    const client = await clientFor(server.url)
    for (const asStream of [false, true]) {
      const error = toAossError(await rejection(client.transport.request({method: 'GET', path: '/moved'}, {asStream})))
      expect(error.code).to.equal('NOT_OPENSEARCH')
      expect(error.message).to.include('redirected (301) to /elsewhere')
    }
  })

  it('lets JSON, HEAD and empty bodies through, and AOSS’s empty 404 on GET /', async () => {
    const client = await clientFor(server.url)
    expect((await client.transport.request({method: 'GET', path: '/json'})).body).to.deep.equal({ok: true})
    expect((await client.transport.request({method: 'HEAD', path: '/html'})).body).to.equal(true)
    expect((await client.transport.request({method: 'DELETE', path: '/empty'})).statusCode).to.equal(200)
    const streamed = await client.transport.request({method: 'POST', path: '/json'}, {asStream: true})
    expect((await readBody(streamed.body as unknown as Readable, streamed.headers)).toString()).to.equal('{"ok":true}')
    expect((await askServer(client)).serverless).to.equal(true)
  })

  it('times out a body that keeps trickling past --timeout, parsed or streamed', async () => {
    const settings = resolveSettings({endpoint: server.url, auth: 'none', maxRetries: 0, timeout: 0.3}, {env: {}, cwd: '/nonexistent'})
    const client = await createClient(settings)
    expect(toAossError(await rejection(client.transport.request({method: 'GET', path: '/trickle'}))).code).to.equal('TIMEOUT')
    const streamed = await client.transport.request({method: 'GET', path: '/trickle'}, {asStream: true})
    expect(toAossError(await rejection(readBody(streamed.body as unknown as Readable, streamed.headers))).code).to.equal('TIMEOUT')
  })
})
