import {expect} from 'chai'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Readable} from 'node:stream'

import {createClient} from '../../../src/lib/connection/client.js'
import {statusOf} from '../../../src/lib/connection/retry.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {readBody} from '../../../src/lib/connection/stream-response.js'

describe('streamed answers', () => {
  let server: Server
  let handler: (response: import('node:http').ServerResponse) => void
  let calls = 0
  let url = ''
  before(async () => {
    server = createServer((_request, response) => {
      calls++
      handler(response)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => {
    server.closeAllConnections()
    server.close()
  })
  beforeEach(() => {
    calls = 0
  })

  const client = (timeoutSeconds: number, maxRetries: number) =>
    createClient(resolveSettings({endpoint: url, auth: 'none', timeout: timeoutSeconds, maxRetries}, {env: {}, cwd: '/nonexistent'}), {retry: {baseMs: 1, capMs: 2}})

  it('gives up on a body that stalls after the headers, instead of waiting for ever', async function () {
    this.timeout(5000)
    handler = (response) => {
      response.writeHead(200, {'content-type': 'application/json'})
      response.write('{"hits":')
    }
    const result = await (await client(0.3, 0)).transport.request({method: 'POST', path: '/x/_search', body: {}}, {asStream: true})
    const started = Date.now()
    const error = await readBody(result.body as Readable, result.headers).then(
      () => expect.fail('expected the read to fail'),
      (error_: Error) => error_,
    )
    expect(error.name).to.equal('ConnectionError')
    expect(error.message).to.contain('timed out')
    expect(Date.now() - started).to.be.lessThan(2000)
  })

  it('keeps the status of an error answer whose body cannot be decoded, so 503 is still retried', async () => {
    handler = (response) => {
      response.writeHead(503, {'content-type': 'application/json', 'content-encoding': 'gzip'})
      response.end()
    }
    const error = await (await client(5, 1)).transport.request({method: 'POST', path: '/x/_search', body: {}}, {asStream: true}).then(
      () => expect.fail('expected a rejection'),
      (error_: unknown) => error_,
    )
    expect(statusOf(error)).to.equal(503)
    expect((error as Error).name).to.equal('ResponseError')
    expect(calls).to.equal(2)
  })
})
