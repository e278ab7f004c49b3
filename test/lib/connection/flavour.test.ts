import {expect} from 'chai'
import nock from 'nock'

import {createClient} from '../../../src/lib/connection/client.js'
import {askServer, probeServer} from '../../../src/lib/connection/flavour.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import type {AossError} from '../../../src/lib/errors.js'

const URL = 'http://127.0.0.1:9298'
const settings = resolveSettings({endpoint: URL, auth: 'none'}, {env: {}, cwd: '/nonexistent'})

describe('flavour probe', () => {
  before(() => nock.disableNetConnect())
  afterEach(() => nock.cleanAll())
  after(() => nock.enableNetConnect())

  it('asks GET / once per client, however many parts of a command want to know', async () => {
    const scope = nock(URL).get('/').once().reply(404, '', {server: 'aoss-amazon'})
    const client = await createClient(settings)
    const [a, b] = await Promise.all([askServer(client), probeServer(client, settings)])
    expect(a.serverless).to.equal(true)
    expect(b.flavour).to.equal('serverless')
    expect(scope.isDone()).to.equal(true)
  })

  it('takes an empty 404 for Serverless, but a 404 with a body for a wrong URL', async () => {
    nock(URL).get('/').reply(404, '')
    expect((await probeServer(await createClient(settings), settings)).flavour).to.equal('serverless')

    nock(URL).get('/').reply(404, '<html>Not Found</html>', {'content-type': 'text/html'})
    const error = await probeServer(await createClient(settings), settings).then(
      () => expect.fail('expected an error'),
      (error_: AossError) => error_,
    )
    expect(error.exitCode).to.equal(5)
    expect(error.hints.join(' ')).to.contain('no path such as /_dashboards')
  })

  it('tells a managed domain from a self-managed cluster by the signing service and host', async () => {
    nock(URL).get('/').reply(200, {cluster_name: 'c', version: {number: '2.11.0', distribution: 'opensearch'}})
    const info = await probeServer(await createClient(settings), settings)
    expect(info).to.include({flavour: 'self-managed', version: '2.11.0', clusterName: 'c'})
  })
})
