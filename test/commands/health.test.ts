import {expect} from 'chai'
import nock from 'nock'
import {aoss} from '../support/cli.js'

const URL = 'http://127.0.0.1:9299'
const catRows = [
  {health: 'green', status: 'open', index: 'inventory', 'docs.count': '1500', 'store.size': '2048000', pri: '1', rep: '1'},
  {health: 'yellow', status: 'open', index: 'orders', 'docs.count': '20', 'store.size': '4096', pri: '1', rep: '1'},
  {health: 'green', status: 'open', index: '.kibana_1', 'docs.count': '3', 'store.size': '100', pri: '1', rep: '0'},
]

function serverless() {
  nock(URL).get('/').reply(404, '', {server: 'aoss-amazon', 'content-length': '0'})
  nock(URL)
    .get('/_cat/indices')
    .query(true)
    .reply(200, [
      {health: null, status: null, index: 'inventory', 'docs.count': '1500', 'store.size': '2048000', pri: null, rep: null},
      {health: null, status: null, index: 'orders', 'docs.count': '20', 'store.size': '4096', pri: null, rep: null},
    ], {server: 'aoss-amazon'})
}

function managed(status: 'green' | 'yellow' | 'red') {
  nock(URL).get('/').reply(200, {cluster_name: 'acme:logs', version: {number: '2.17.0', distribution: 'opensearch'}})
  nock(URL).get('/_cluster/health').reply(200, {cluster_name: 'acme:logs', status, number_of_nodes: 3, number_of_data_nodes: 3, active_shards: 12, unassigned_shards: status === 'green' ? 0 : 2})
  nock(URL).get('/_cat/indices').query(true).reply(200, catRows)
}

const args = (...extra: string[]) => ['health', '-e', URL, '--auth', 'none', ...extra]

describe('aoss health', () => {
  before(() => nock.disableNetConnect())
  afterEach(() => nock.cleanAll())
  after(() => nock.enableNetConnect())

  it('works on AOSS, where GET / answers 404 and there is no cluster health', async () => {
    serverless()
    const {stdout, error} = await aoss(args())
    expect(error).to.equal(undefined)
    expect(stdout).to.contain('OpenSearch Serverless')
    expect(stdout).to.match(/inventory\s+1,500\s+2\.0 MiB/)
    expect(stdout).to.match(/2 indexes\s+1,520/)
    expect(nock.pendingMocks()).to.deep.equal([])
  })

  it('gives the same report as one JSON object', async () => {
    serverless()
    const {stdout, error} = await aoss(args('--json'))
    expect(error).to.equal(undefined)
    const report = JSON.parse(stdout)
    expect(report).to.include({flavour: 'serverless', status: 'green', reachable: true})
    expect(report.indices.map((row: {index: string}) => row.index)).to.deep.equal(['inventory', 'orders'])
    expect(report.totals).to.deep.equal({indices: 2, docs: 1520, storeBytes: 2_052_096})
  })

  it('shows cluster status, nodes and sorted indexes on a managed cluster, hiding system indexes', async () => {
    managed('green')
    const {stdout, error} = await aoss(args())
    expect(error).to.equal(undefined)
    expect(stdout).to.contain('acme:logs').and.to.contain('3 nodes')
    expect(stdout).to.not.contain('.kibana_1')
    expect(stdout.indexOf('inventory')).to.be.lessThan(stdout.indexOf('orders'))
  })

  it('exits 3 when the cluster is red, and on yellow with --fail-on yellow', async () => {
    managed('red')
    const red = await aoss(args())
    expect(red.error?.oclif?.exit).to.equal(3)
    expect(red.stderr).to.contain('status is red')

    managed('yellow')
    const yellowDefault = await aoss(args())
    expect(yellowDefault.error).to.equal(undefined)

    managed('yellow')
    const gate = await aoss(args('--fail-on', 'yellow', '--json'))
    expect(gate.error?.oclif?.exit).to.equal(3)
    expect(JSON.parse(gate.stdout).status).to.equal('yellow')
  })

  it('exits 6 with a hint when the endpoint is unreachable', async () => {
    nock.enableNetConnect('127.0.0.1')
    const {stderr, error} = await aoss(['health', '-e', 'http://127.0.0.1:1', '--auth', 'none'])
    nock.disableNetConnect()
    expect(error?.oclif?.exit).to.equal(6)
    expect(stderr).to.contain('cannot reach http://127.0.0.1:1').and.to.contain('Hint:')
  })

  it('exits 4 and explains the data access policy on an AOSS 403', async () => {
    nock(URL).get('/').reply(403, {status: 403, 'request-id': 'abc', error: {reason: '403 Forbidden', type: 'Forbidden'}}, {'x-aoss-response-hint': 'X01:gw-helper-deny', server: 'aoss-amazon'})
    const {stdout, error} = await aoss(args('--json'))
    expect(error?.oclif?.exit).to.equal(4)
    const body = JSON.parse(stdout)
    expect(body.error.code).to.equal('FORBIDDEN')
    expect(body.error.hints.join(' ')).to.contain('data access policy')
  })

  it('exits 2 naming the flag and the variable when no endpoint is set', async () => {
    const saved = process.env.OPENSEARCH_URL
    delete process.env.OPENSEARCH_URL
    try {
      const {stderr, error} = await aoss(['health'])
      expect(error?.oclif?.exit).to.equal(2)
      expect(stderr).to.contain('--endpoint').and.to.contain('OPENSEARCH_URL')
    } finally {
      if (saved !== undefined) process.env.OPENSEARCH_URL = saved
    }
  })

  it('never prints the password with --debug', async () => {
    process.env.OPENSEARCH_USERNAME = 'admin'
    process.env.OPENSEARCH_PASSWORD = 'correct-horse-battery'
    try {
      managed('green')
      const {stdout, stderr, error} = await aoss(['health', '-e', URL, '--debug'])
      expect(error).to.equal(undefined)
      expect(stderr).to.contain('aoss:http → GET')
      expect(stderr).to.match(/"authorization":"\[redacted\]"/i)
      for (const secret of ['correct-horse-battery', Buffer.from('admin:correct-horse-battery').toString('base64')]) {
        expect(stdout + stderr).to.not.contain(secret)
      }
    } finally {
      delete process.env.OPENSEARCH_USERNAME
      delete process.env.OPENSEARCH_PASSWORD
    }
  })
})
