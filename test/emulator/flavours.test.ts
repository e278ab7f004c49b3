import {expect} from 'chai'
import {startEmulator, type Emulator, type EmulatorOptions} from '../support/emulator/index.js'
import {call, ndjson, rawCall} from '../support/emulator-http.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('emulator flavour quirks', () => {
  const running: Emulator[] = []
  const start = async (opts: EmulatorOptions) => {
    const em = await startEmulator(opts)
    running.push(em)
    return em
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((em) => em.stop()))
  })

  const count = async (em: Emulator, index: string) => (await call(em.url, 'GET', `/${index}/_count`)).body.count

  it('serverless: writes become searchable only after visibilityDelayMs; GET by id is realtime', async () => {
    const em = await start({flavour: 'serverless', visibilityDelayMs: 150})
    await call(em.url, 'PUT', '/v/_doc/1', {a: 1})
    expect(await count(em, 'v')).to.equal(0)
    expect((await call(em.url, 'GET', '/v/_doc/1')).body.found).to.equal(true)
    await sleep(170)
    expect(await count(em, 'v')).to.equal(1)
  })

  it('serverless: ?refresh is rejected by default, ignored when configured', async () => {
    const strict = await start({flavour: 'serverless'})
    const r = await call(strict.url, 'PUT', '/v/_doc/1?refresh=true', {a: 1})
    expect(r.status).to.equal(400)
    expect(r.body.error.reason).to.include('unrecognized parameter: [refresh]')
    const lenient = await start({flavour: 'serverless', serverlessRefreshParam: 'ignore', visibilityDelayMs: 10_000})
    expect((await call(lenient.url, 'PUT', '/v/_doc/1?refresh=true', {a: 1})).status).to.equal(201)
    expect(await count(lenient, 'v')).to.equal(0)
  })

  it('managed: refreshIntervalMs delays search until ?refresh or _refresh', async () => {
    const em = await start({flavour: 'managed', refreshIntervalMs: 60_000})
    await call(em.url, 'PUT', '/m/_doc/1', {a: 1})
    expect(await count(em, 'm')).to.equal(0)
    expect((await call(em.url, 'POST', '/m/_refresh')).status).to.equal(200)
    expect(await count(em, 'm')).to.equal(1)
    await call(em.url, 'PUT', '/m/_doc/2?refresh=wait_for', {a: 2})
    expect(await count(em, 'm')).to.equal(2)
  })

  it('serverless: a fresh index refuses writes with index_not_found_exception for newIndexUnwritableMs [S29]', async () => {
    const em = await start({flavour: 'serverless', newIndexUnwritableMs: 150})
    expect((await call(em.url, 'PUT', '/fresh', {})).status).to.equal(200)
    const bulk = await call(em.url, 'POST', '/_bulk', ndjson([{index: {_index: 'fresh', _id: 'x'}}, {a: 1}]))
    expect(bulk.status).to.equal(200)
    expect(bulk.body.items[0].index.status).to.equal(404)
    expect(bulk.body.items[0].index.error.type).to.equal('index_not_found_exception')
    await sleep(170)
    expect((await call(em.url, 'PUT', '/fresh/_doc/x', {a: 1})).status).to.equal(201)
  })

  it('serverless timeseries: custom _id refused per item and on single PUT; auto ids accepted [S25][S26]', async () => {
    const em = await start({flavour: 'serverless', collectionType: 'timeseries'})
    const bulk = await call(em.url, 'POST', '/logs/_bulk', ndjson([{index: {_id: 'mine'}}, {'@timestamp': '2024-01-01T00:00:00Z'}, {create: {}}, {'@timestamp': '2024-01-01T00:00:01Z'}]))
    expect(bulk.status).to.equal(200)
    expect(bulk.body.errors).to.equal(true)
    expect(bulk.body.items[0].index).to.deep.include({status: 400})
    expect(bulk.body.items[0].index.error).to.deep.equal({type: 'illegal_argument_exception', reason: 'Document ID is not supported in create/index operation request'})
    expect(bulk.body.items[1].create.status).to.equal(201)
    expect(bulk.body.items[1].create._id).to.match(/^[\w-]{20}$/)
    expect((await call(em.url, 'PUT', '/logs/_doc/mine', {'@timestamp': '2024-01-01T00:00:00Z'})).status).to.equal(400)
  })

  it('serverless timeseries with requireTimestamp refuses docs without @timestamp [S11]', async () => {
    const em = await start({flavour: 'serverless', collectionType: 'timeseries', requireTimestamp: true})
    const r = await call(em.url, 'POST', '/logs/_doc', {msg: 'no time'})
    expect(r.status).to.equal(400)
  })

  it('serverless refuses shard settings; managed accepts them', async () => {
    const aoss = await start({flavour: 'serverless'})
    expect((await call(aoss.url, 'PUT', '/s', {settings: {number_of_shards: 2}})).status).to.equal(400)
    const managed = await start({flavour: 'managed'})
    expect((await call(managed.url, 'PUT', '/s', {settings: {index: {number_of_shards: 2}}})).status).to.equal(200)
    const settings = await call(managed.url, 'GET', '/s/_settings')
    expect(settings.body.s.settings.index.number_of_shards).to.equal('2')
  })

  it('request bodies over maxRequestBytes get 413 {"Message": ...} [S36]', async () => {
    const em = await start({flavour: 'managed', maxRequestBytes: 1000})
    const r = await call(em.url, 'POST', '/_bulk', 'x'.repeat(5000))
    expect(r.status).to.equal(413)
    expect(r.body).to.deep.equal({Message: 'Request size exceeded 1000 bytes'})
  })

  it('managed scroll: GET with a JSON body and ?scroll, exact total, pages until empty (elasticdump flow)', async () => {
    const em = await start({flavour: 'managed'})
    em.seed('s', Array.from({length: 25_000}, (_, i) => ({_id: `d${i}`, _source: {i}})))
    const first = await rawCall(em.url, 'GET', '/s/_search?scroll=10m&from=0', {size: 10_000, query: {match_all: {}}})
    expect(first.status).to.equal(200)
    expect(first.body.hits.total).to.deep.equal({value: 25_000, relation: 'eq'})
    let seen = first.body.hits.hits.length
    for (;;) {
      const next = await call(em.url, 'POST', '/_search/scroll', {scroll: '10m', scroll_id: first.body._scroll_id})
      if (next.body.hits.hits.length === 0) break
      seen += next.body.hits.hits.length
    }
    expect(seen).to.equal(25_000)
    expect((await call(em.url, 'DELETE', '/_search/scroll/_all')).body.succeeded).to.equal(true)
  })

  it('_cat/indices text table, h=, s= and bytes=', async () => {
    const em = await start({flavour: 'managed'})
    em.seed('b', [{_source: {a: 1}}, {_source: {a: 2}}])
    em.seed('a', [{_source: {a: 1}}])
    const r = await call(em.url, 'GET', '/_cat/indices?v&h=index,docs.count,store.size&s=index&bytes=b')
    const lines = r.text.trim().split('\n')
    expect(lines[0]).to.match(/^index\s+docs\.count\s+store\.size$/)
    expect(lines[1]).to.match(/^a\s+1\s+\d+$/)
    expect(lines[2]).to.match(/^b\s+2\s+\d+$/)
    const aoss = await start({flavour: 'serverless'})
    aoss.seed('x', [{_source: {a: 1}}])
    const json = await call(aoss.url, 'GET', '/_cat/indices?format=json')
    expect(json.body[0]).to.include({health: '', pri: '', rep: '', index: 'x', 'docs.count': '1'})
  })

  it('basic auth: 401 with WWW-Authenticate without credentials, 200 with them', async () => {
    const em = await start({flavour: 'managed', auth: {mode: 'basic', username: 'admin', password: 'pw'}})
    const refused = await call(em.url, 'GET', '/')
    expect(refused.status).to.equal(401)
    expect(refused.headers.get('www-authenticate')).to.match(/^Basic /)
    const ok = await call(em.url, 'GET', '/', undefined, {authorization: 'Basic ' + Buffer.from('admin:pw').toString('base64')})
    expect(ok.status).to.equal(200)
  })

  it('op_type=create and _create conflict with 409; _update merges; unknown routes are 400', async () => {
    const em = await start({flavour: 'managed'})
    expect((await call(em.url, 'PUT', '/d/_create/1', {a: 1, o: {x: 1}})).status).to.equal(201)
    const conflict = await call(em.url, 'PUT', '/d/_doc/1?op_type=create', {a: 2})
    expect(conflict.status).to.equal(409)
    expect(conflict.body.error.type).to.equal('version_conflict_engine_exception')
    const upd = await call(em.url, 'POST', '/d/_update/1', {doc: {o: {y: 2}}})
    expect(upd.body).to.include({result: 'updated', _version: 2})
    expect((await call(em.url, 'GET', '/d/_source/1')).body).to.deep.equal({a: 1, o: {x: 1, y: 2}})
    const noop = await call(em.url, 'POST', '/d/_update/1', {doc: {a: 1}})
    expect(noop.body.result).to.equal('noop')
    const unknown = await call(em.url, 'GET', '/d/_nonsense/1/2')
    expect(unknown.status).to.equal(400)
    expect(unknown.body.error).to.match(/^no handler found for uri/)
  })
})
