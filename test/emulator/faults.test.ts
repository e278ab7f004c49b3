import {expect} from 'chai'
import http from 'node:http'
import {startEmulator, type Emulator} from '../support/emulator/index.js'
import {call, ndjson} from '../support/emulator-http.js'

describe('emulator faults and counters', () => {
  let em: Emulator

  beforeEach(async () => {
    em = await startEmulator({flavour: 'managed'})
    em.seed('items', Array.from({length: 50}, (_, i) => ({_id: String(i), _source: {n: i, label: `item ${i}`}})))
  })
  afterEach(() => em.stop())

  it('counts requests per route and in total', async () => {
    await call(em.url, 'POST', '/items/_search', {})
    await call(em.url, 'GET', '/items/_search')
    await call(em.url, 'GET', '/items/_count')
    await call(em.url, 'GET', '/_cat/indices')
    await call(em.url, 'GET', '/nope/nothing/here/at/all')
    expect(em.counters).to.include({search: 2, count: 1, 'cat.indices': 1, unknown: 1, total: 5})
    em.resetCounters()
    expect(em.counters).to.deep.equal({total: 0})
  })

  it('status fault: 429 with Retry-After, only `times` requests, then normal answers', async () => {
    em.addFault({route: 'search', times: 2, fault: {type: 'status', status: 429, retryAfter: 3}})
    const first = await call(em.url, 'POST', '/items/_search', {})
    expect(first.status).to.equal(429)
    expect(first.headers.get('retry-after')).to.equal('3')
    expect(first.body.error.type).to.equal('rejected_execution_exception')
    expect((await call(em.url, 'POST', '/items/_search', {})).status).to.equal(429)
    expect((await call(em.url, 'POST', '/items/_search', {})).status).to.equal(200)
  })

  it('nth hits only the Nth matching request; every hits each Nth', async () => {
    em.addFault({route: 'count', nth: 2, fault: {type: 'status', status: 503}})
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await call(em.url, 'GET', '/items/_count')).status)
    expect(statuses).to.deep.equal([200, 503, 200])
    em.clearFaults()
    em.addFault({pathIncludes: '/items/_doc/', every: 2, fault: {type: 'status', status: 500}})
    const got = []
    for (let i = 0; i < 4; i++) got.push((await call(em.url, 'GET', '/items/_doc/1')).status)
    expect(got).to.deep.equal([200, 500, 200, 500])
  })

  it('reset-mid-body sends headers and part of the body, then drops the connection', async () => {
    em.addFault({route: 'search', fault: {type: 'reset-mid-body'}})
    const {status, received, error} = await new Promise<{status: number; received: number; error?: Error}>((resolve) => {
      const req = http.request(em.url + '/items/_search?size=50', {method: 'GET'}, (res) => {
        let received = 0
        res.on('data', (c: Buffer) => (received += c.length))
        res.on('error', (e) => resolve({status: res.statusCode!, received, error: e}))
        res.on('end', () => resolve({status: res.statusCode!, received}))
        res.on('close', () => resolve({status: res.statusCode!, received, error: new Error('closed early')}))
      })
      req.end()
    })
    expect(status).to.equal(200)
    expect(received).to.be.greaterThan(0)
    expect(error).to.be.instanceOf(Error)
    expect((await call(em.url, 'GET', '/items/_search')).status).to.equal(200)
  })

  it('latency fault delays the matching request', async () => {
    em.addFault({route: 'search', fault: {type: 'latency', ms: 120}})
    const started = Date.now()
    await call(em.url, 'GET', '/items/_search')
    expect(Date.now() - started).to.be.at.least(110)
  })

  it('pit-expired answers like OpenSearch for an unknown PIT', async () => {
    em.addFault({route: 'search', fault: {type: 'pit-expired'}})
    const r = await call(em.url, 'POST', '/_search', {pit: {id: 'whatever'}})
    expect(r.status).to.equal(404)
    expect(r.body.error.type).to.equal('search_phase_execution_exception')
    expect(r.body.error.root_cause[0].type).to.equal('search_context_missing_exception')
  })

  it('shards-failed and timed-out return 200 with a partial page', async () => {
    em.addFault({route: 'search', fault: {type: 'shards-failed'}})
    const partial = await call(em.url, 'POST', '/items/_search', {size: 10})
    expect(partial.status).to.equal(200)
    expect(partial.body._shards.failed).to.equal(1)
    expect(partial.body._shards.failures).to.have.length(1)
    expect(partial.body.hits.hits.length).to.be.lessThan(10)
    em.addFault({route: 'search', fault: {type: 'timed-out'}})
    const late = await call(em.url, 'POST', '/items/_search', {size: 10})
    expect(late.body.timed_out).to.equal(true)
    expect(late.body.hits.hits.length).to.be.lessThan(10)
  })

  it('bulk-item-status fails every Nth item as AOSS does, overall 200, items not applied', async () => {
    em.addFault({route: 'bulk', fault: {type: 'bulk-item-status', status: 402, everyNthItem: 2}})
    const lines = []
    for (let i = 0; i < 4; i++) lines.push({index: {_index: 'fresh', _id: `d${i}`}}, {i})
    const r = await call(em.url, 'POST', '/_bulk', ndjson(lines), {'content-type': 'application/x-ndjson'})
    expect(r.status).to.equal(200)
    expect(r.body.errors).to.equal(true)
    const statuses = r.body.items.map((it: {index: {status: number}}) => it.index.status)
    expect(statuses).to.deep.equal([201, 402, 201, 402])
    expect(r.body.items[1].index.error).to.deep.equal({type: 'service_quota_exceeded_exception', reason: 'maximum OCU capacity reached'})
    expect((await call(em.url, 'GET', '/fresh/_doc/d1')).status).to.equal(404)
    expect((await call(em.url, 'GET', '/fresh/_doc/d0')).status).to.equal(200)
  })
})
