/**
 * Ids and index names against a server that resolves dot segments in the path, as a proxy in front of a
 * cluster may: `/victim/_doc/..` arrives as `/victim/`. Nothing that could resolve that way may be sent.
 */
import {once} from 'node:events'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import {expect} from 'chai'

import {aoss, cli} from '../support/cli.js'

interface Received {
  method: string
  /** The path after dot-segment resolution, which is what the server acted on. */
  path: string
}

/** Answers like OpenSearch for the few routes used here, on the resolved path. */
function dotResolvingServer(received: Received[]): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    received.push({method: request.method ?? '', path})
    request.resume()
    request.on('end', () => {
      const json = (status: number, body: unknown) => {
        response.writeHead(status, {'content-type': 'application/json'})
        response.end(JSON.stringify(body))
      }

      const doc = /^\/([^/]+)\/_doc\/([^/]+)$/.exec(path)
      if (path === '/') return json(200, {version: {number: '2.17.0', distribution: 'opensearch'}})
      if (doc && request.method === 'DELETE') return json(200, {_index: doc[1], _id: decodeURIComponent(doc[2]!), result: 'deleted', _version: 2})
      if (doc && request.method === 'GET') return json(200, {_index: doc[1], _id: decodeURIComponent(doc[2]!), _version: 1, found: true, _source: {a: 1}})
      if (doc && request.method === 'PUT') return json(201, {_index: doc[1], _id: decodeURIComponent(doc[2]!), result: 'created', _version: 1})
      if (/^\/[^/]+\/_doc\/?$/.test(path)) return json(201, {_index: path.split('/')[1], _id: 'random-id', result: 'created', _version: 1})
      // A whole index: what `doc delete victim ..` reached before ids were checked.
      if (/^\/[^/]+\/?$/.test(path)) return json(200, {acknowledged: true})
      return json(200, {hits: {total: {value: 0, relation: 'eq'}, hits: []}, count: 0, _shards: {total: 1, successful: 1, failed: 0}})
    })
  })
}

describe('ids and index names that a dot-resolving server would misread', () => {
  const received: Received[] = []
  let server: Server
  let url: string
  const run = (...argv: string[]) => aoss([...argv, '-e', url, '--auth', 'none'])

  before(async () => {
    server = dotResolvingServer(received).listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => server.close())
  beforeEach(() => {
    received.length = 0
  })

  it('doc delete victim .. is refused before anything is sent, so the index survives', async () => {
    const {error, stderr} = await run('doc', 'delete', 'victim', '..')
    expect(error?.oclif?.exit).to.equal(2)
    expect(stderr.split('\n')[0]).to.equal('Error: the document id ".." cannot be used in a URL path')
    expect(received).to.deep.equal([])
  })

  it('doc put --id .. and --id . are refused: no empty index created, no random id assigned', async () => {
    for (const id of ['..', '.']) {
      const {error, stderr} = await run('doc', 'put', 'victim', '--id', id, '--data', '{"a":1}')
      expect(error?.oclif?.exit, id).to.equal(2)
      expect(stderr.split('\n')[0]).to.equal(`Error: the document id "${id}" cannot be used in a URL path`)
    }

    const get = await run('doc', 'get', 'victim', '.')
    expect(get.error?.oclif?.exit).to.equal(2)
    expect(received).to.deep.equal([])
  })

  it('ids that merely hold dots still reach their document', async () => {
    expect((await run('doc', 'delete', 'victim', 'a.b')).error).to.equal(undefined)
    expect((await run('doc', 'put', 'victim', '--id', '...', '--data', '{"a":1}')).error).to.equal(undefined)
    expect(received).to.deep.equal([
      {method: 'DELETE', path: '/victim/_doc/a.b'},
      {method: 'PUT', path: '/victim/_doc/...'},
    ])
  })

  it('index create with an empty, reserved or dot name is refused before reaching the server', async () => {
    const empty = await cli(['index', 'create', '', '-e', url, '--auth', 'none'])
    expect(empty.code).to.equal(2)
    expect(empty.stderr.split('\n')[0]).to.equal('Error: invalid index name "": it is empty')
    for (const name of ['_search', '..', 'Victim']) {
      const {error, stderr} = await run('index', 'create', name)
      expect(error?.oclif?.exit, name).to.equal(2)
      expect(stderr).to.match(/^Error: invalid index name/)
      expect(stderr).to.contain('Hint: Index names are lower case')
    }

    expect(received).to.deep.equal([])
  })

  it('commands that read or write indexes check every name before any request', async () => {
    const attempts = [
      ['search', 'logs,..'],
      ['count', '..'],
      ['export', '_search'],
      ['index', 'get', 'logs-*,../x'],
      ['index', 'list', '.'],
      ['index', 'delete', '..', '--force'],
      ['doc', 'get', '..', '1'],
      ['restore', '-', '--index', '..'],
    ]
    for (const argv of attempts) {
      const {error} = await run(...argv)
      expect(error?.oclif?.exit, argv.join(' ')).to.equal(2)
    }

    expect(received).to.deep.equal([])
  })
})
