/**
 * One set of assertions about the server, run against the emulator in both flavours and, when
 * AOSS_CONTRACT_URL is set, against a real endpoint (AOSS_CONTRACT_FLAVOUR = serverless|managed,
 * AWS_REGION, credentials from the default provider chain). Where the emulator encodes an
 * "unconfirmed" fact from aoss-facts.md, this suite is what settles it against the real thing.
 */
import {expect} from 'chai'
import {startEmulator, type Emulator} from '../support/emulator/index.js'
import {plainSender, signedSender, type Target} from '../support/contract-targets.js'

async function eventually<T>(target: Target, probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + target.eventualMs
  for (;;) {
    const value = await probe()
    if (ok(value) || Date.now() >= deadline) return value
    await new Promise((r) => setTimeout(r, 1000))
  }
}

function contractSuite(getTarget: () => Target): void {
  const index = `contract-${Date.now().toString(36)}`
  let t: Target
  before(function () {
    t = getTarget()
  })
  after(async () => {
    await t?.send('DELETE', `/${index}`)
  })

  it('GET / : managed reports its version; serverless answers 404 with an empty body [S16]', async () => {
    const r = await t.send('GET', '/')
    if (t.flavour === 'managed') {
      expect(r.status).to.equal(200)
      expect(r.body.version.number).to.be.a('string')
      expect(r.body).to.have.property('cluster_name')
    } else {
      expect(r.status).to.equal(404)
      expect(r.text).to.equal('')
      expect(r.headers.get('server')).to.equal('aoss-amazon')
    }
  })

  it('_cluster/health: managed status; serverless 404 [S17]', async () => {
    const r = await t.send('GET', '/_cluster/health')
    if (t.flavour === 'managed') {
      expect(r.status).to.equal(200)
      expect(r.body.status).to.be.oneOf(['green', 'yellow', 'red'])
      expect(r.body.number_of_nodes).to.be.a('number')
    } else expect(r.status).to.equal(404)
  })

  it('PUT index acks; a second PUT is resource_already_exists_exception', async () => {
    const created = await t.send('PUT', `/${index}`, {mappings: {properties: {sku: {type: 'keyword'}, name: {type: 'text'}, price: {type: 'float'}}}})
    expect(created.status, created.text).to.equal(200)
    expect(created.body).to.include({acknowledged: true, index})
    const again = await t.send('PUT', `/${index}`, {})
    expect(again.status).to.equal(400)
    expect(again.body.error.type).to.equal('resource_already_exists_exception')
    expect((await t.send('HEAD', `/${index}`)).status).to.equal(200)
  })

  it('invalid index names are invalid_index_name_exception', async () => {
    const r = await t.send('PUT', '/Bad-Name')
    expect(r.status).to.equal(400)
    expect(r.body.error.type).to.equal('invalid_index_name_exception')
  })

  it('GET _mapping returns the mapping under the index name', async () => {
    const r = await t.send('GET', `/${index}/_mapping`)
    expect(r.status).to.equal(200)
    expect(r.body[index].mappings.properties.sku).to.deep.equal({type: 'keyword'})
  })

  it('_bulk answers 200 with per-item results in order', async () => {
    const lines = [
      {index: {_index: index, _id: 'a'}}, {sku: 'A', name: 'Red shoes', price: 10},
      {index: {_index: index, _id: 'b'}}, {sku: 'B', name: 'Blue shoes', price: 20},
      {index: {_index: index, _id: 'c'}}, {sku: 'C', name: 'Green hat', price: 'not a number'},
    ]
    const r = await t.send('POST', '/_bulk', lines.map((l) => JSON.stringify(l)).join('\n') + '\n', {'content-type': 'application/x-ndjson'})
    expect(r.status).to.equal(200)
    expect(r.body.errors).to.equal(true)
    expect(r.body.items).to.have.length(3)
    expect(r.body.items[0].index.status).to.equal(201)
    expect(r.body.items[2].index.status).to.equal(400)
    expect(r.body.items[2].index.error.type).to.equal('mapper_parsing_exception')
  })

  it('GET _doc is realtime: found true with _source, found false for a missing id', async () => {
    const r = await t.send('GET', `/${index}/_doc/a`)
    expect(r.status).to.equal(200)
    expect(r.body).to.include({_index: index, _id: 'a', found: true})
    expect(r.body._source.sku).to.equal('A')
    const missing = await t.send('GET', `/${index}/_doc/zzz`)
    expect(missing.status).to.equal(404)
    expect(missing.body).to.include({found: false})
  })

  it('_search and _count see the docs (eventually on AOSS)', async () => {
    const count = await eventually(t, () => t.send('GET', `/${index}/_count`), (r) => r.body?.count === 2)
    expect(count.body.count).to.equal(2)
    expect(count.body._shards).to.have.property('total')
    const r = await t.send('POST', `/${index}/_search`, {query: {match: {name: 'shoes'}}, sort: [{price: 'desc'}]})
    expect(r.status).to.equal(200)
    expect(r.body.timed_out).to.equal(false)
    expect(r.body.hits.total).to.deep.equal({value: 2, relation: 'eq'})
    expect(r.body.hits.hits.map((h: {_id: string}) => h._id)).to.deep.equal(['b', 'a'])
    expect(r.body.hits.hits[0].sort).to.have.length(1)
  })

  it('search on a missing index is index_not_found_exception 404', async () => {
    const r = await t.send('GET', `/${index}-missing/_search`)
    expect(r.status).to.equal(404)
    expect(r.body.error.root_cause[0].type).to.equal('index_not_found_exception')
    expect(r.body.error.index).to.equal(`${index}-missing`)
  })

  it('_cat/indices?format=json lists the index with docs.count as a string', async () => {
    const r = await t.send('GET', `/_cat/indices/${index}?format=json`)
    expect(r.status).to.equal(200)
    expect(r.body).to.have.length(1)
    expect(r.body[0].index).to.equal(index)
    expect(r.body[0]['docs.count']).to.be.a('string')
  })

  it('PIT: create, search with pit (no index in path), delete [S5][S37]', async () => {
    const created = await t.send('POST', `/${index}/_search/point_in_time?keep_alive=1m`)
    expect(created.status, created.text).to.equal(200)
    expect(created.body.pit_id).to.be.a('string')
    const r = await t.send('POST', '/_search', {size: 1, pit: {id: created.body.pit_id, keep_alive: '1m'}, sort: [{sku: 'asc'}]})
    expect(r.status).to.equal(200)
    expect(r.body.pit_id).to.be.a('string')
    const next = await t.send('POST', '/_search', {size: 1, pit: {id: r.body.pit_id, keep_alive: '1m'}, sort: [{sku: 'asc'}], search_after: r.body.hits.hits[0].sort})
    expect(next.body.hits.hits[0]._id).to.not.equal(r.body.hits.hits[0]._id)
    const deleted = await t.send('DELETE', '/_search/point_in_time', {pit_id: [created.body.pit_id]})
    expect(deleted.status).to.equal(200)
    expect(deleted.body.pits[0]).to.include({successful: true})
  })

  it('scroll: managed pages; serverless answers 404 [S20][S21]', async () => {
    const r = await t.send('POST', `/${index}/_search?scroll=1m`, {size: 1})
    if (t.flavour === 'serverless') {
      expect(r.status).to.equal(404)
      return
    }
    expect(r.status).to.equal(200)
    expect(r.body._scroll_id).to.be.a('string')
    const next = await t.send('POST', '/_search/scroll', {scroll: '1m', scroll_id: r.body._scroll_id})
    expect(next.body.hits.hits).to.have.length(1)
    const cleared = await t.send('DELETE', '/_search/scroll', {scroll_id: [r.body._scroll_id]})
    expect(cleared.body.succeeded).to.equal(true)
  })

  it('_refresh: managed 200; serverless 404 [S22][S23]', async () => {
    const r = await t.send('POST', `/${index}/_refresh`)
    expect(r.status).to.equal(t.flavour === 'managed' ? 200 : 404)
  })

  it('from + size beyond 10,000 is refused [S41]', async () => {
    const r = await t.send('POST', `/${index}/_search`, {from: 10_000, size: 1})
    expect(r.status).to.equal(400)
    expect(JSON.stringify(r.body)).to.include('Result window is too large')
  })

  it('an unsigned request is refused (serverless: 403 gateway shape + hint [S14])', async function () {
    const unsigned = await plainSender(t.url)('GET', `/${index}/_count`)
    if (t.name.startsWith('emulator') && t.flavour !== 'serverless') this.skip()
    expect(unsigned.status).to.be.oneOf([401, 403])
    if (t.flavour === 'serverless') {
      expect(unsigned.status).to.equal(403)
      expect(unsigned.headers.get('x-aoss-response-hint')).to.equal('X01:gw-helper-deny')
      expect(unsigned.body.error).to.deep.equal({reason: '403 Forbidden', type: 'Forbidden'})
    }
  })

  it('DELETE index acks and then the index is gone', async () => {
    const r = await t.send('DELETE', `/${index}`)
    expect(r.status).to.equal(200)
    expect(r.body).to.deep.equal({acknowledged: true})
    expect((await t.send('HEAD', `/${index}`)).status).to.equal(404)
  })
}

for (const flavour of ['serverless', 'managed'] as const) {
  describe(`contract: emulator (${flavour})`, () => {
    let em: Emulator
    let target: Target
    before(async () => {
      // Serverless is started with SigV4 so that the unsigned-request check has something to refuse.
      const credentials = {accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret'}
      em = await startEmulator(flavour === 'serverless' ? {flavour, auth: {mode: 'sigv4', region: 'us-east-1', credentials}} : {flavour})
      const send = flavour === 'serverless' ? await signedSender(em.url, 'us-east-1', 'aoss', credentials) : plainSender(em.url)
      if (send === undefined) throw new Error('signing packages missing')
      target = {name: `emulator-${flavour}`, flavour, url: em.url, send, eventualMs: 0}
    })
    contractSuite(() => target)
    after(() => em.stop())
  })
}

describe('contract: real endpoint (AOSS_CONTRACT_URL)', function () {
  this.timeout(180_000)
  const url = process.env.AOSS_CONTRACT_URL
  let target: Target | undefined
  before(async function () {
    if (url === undefined || url === '') {
      this.skip()
      return
    }
    const flavour = process.env.AOSS_CONTRACT_FLAVOUR === 'managed' ? 'managed' : 'serverless'
    const send = await signedSender(url, process.env.AWS_REGION ?? 'us-east-1', flavour === 'serverless' ? 'aoss' : 'es')
    if (send === undefined) {
      console.warn('AOSS_CONTRACT_URL is set but @smithy/signature-v4 or @aws-sdk/credential-providers cannot be loaded; skipping')
      this.skip()
      return
    }
    target = {name: 'real', flavour, url, send, eventualMs: 90_000}
  })
  if (url !== undefined && url !== '') contractSuite(() => target!)
})
