import {expect} from 'chai'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {startEmulator, type Emulator} from '../support/emulator/index.js'
import {call} from '../support/emulator-http.js'

describe('emulator paging: PIT, slices, search_after, result window', function () {
  this.timeout(60_000)
  let em: Emulator

  before(async () => {
    em = await startEmulator({flavour: 'serverless'})
    em.seed('inventory', generateInventory(25_000, {bytes: 256}), {mappings: inventoryMappings})
  })
  after(() => em.stop())

  async function openPit(index = 'inventory'): Promise<string> {
    const r = await call(em.url, 'POST', `/${index}/_search/point_in_time?keep_alive=1m`)
    expect(r.status, r.text).to.equal(200)
    expect(r.body._shards).to.include({failed: 0})
    expect(r.body.creation_time).to.be.a('number')
    return r.body.pit_id
  }

  async function pageAll(body: Record<string, unknown>, size: number): Promise<string[]> {
    const ids: string[] = []
    let after: unknown[] | undefined
    for (;;) {
      const r = await call(em.url, 'POST', '/_search', {...body, size, ...(after ? {search_after: after} : {})})
      expect(r.status, r.text).to.equal(200)
      const hits = r.body.hits.hits as Array<{_id: string; sort: unknown[]}>
      if (hits.length === 0) return ids
      for (const h of hits) ids.push(h._id)
      after = hits.at(-1)!.sort
    }
  }

  it('PIT + slices: every id exactly once over 25,000 docs with 3 slices', async () => {
    const pit = await openPit()
    const seen = new Map<string, number>()
    for (let id = 0; id < 3; id++) {
      const ids = await pageAll({pit: {id: pit, keep_alive: '1m'}, slice: {id, max: 3}, sort: [{_id: 'asc'}]}, 1000)
      expect(ids.length).to.be.greaterThan(7000)
      for (const i of ids) seen.set(i, (seen.get(i) ?? 0) + 1)
    }
    expect(seen.size).to.equal(25_000)
    expect([...seen.values()].every((n) => n === 1)).to.equal(true)
  })

  it('slices on a numeric field split disjointly too', async () => {
    const pit = await openPit()
    let total = 0
    for (let id = 0; id < 4; id++) {
      const r = await call(em.url, 'POST', '/_search', {pit: {id: pit}, slice: {id, max: 4, field: 'stock'}, size: 0, track_total_hits: true})
      total += r.body.hits.total.value
    }
    expect(total).to.equal(25_000)
  })

  it('a PIT freezes the doc set: later writes are invisible through it', async () => {
    const pit = await openPit()
    await call(em.url, 'PUT', '/inventory/_doc/late-arrival', {sku: 'late', price: 1})
    await call(em.url, 'DELETE', '/inventory/_doc/SKU-00000000')
    const through = await call(em.url, 'POST', '/_search', {pit: {id: pit}, size: 0, track_total_hits: true})
    expect(through.body.hits.total.value).to.equal(25_000)
    expect(through.body.pit_id).to.equal(pit)
    const live = await call(em.url, 'POST', '/inventory/_search', {size: 0, track_total_hits: true, query: {ids: {values: ['late-arrival', 'SKU-00000000']}}})
    expect(live.body.hits.total.value).to.equal(1)
    await call(em.url, 'DELETE', '/inventory/_doc/late-arrival')
    em.seed('inventory', [{_id: 'SKU-00000000', _source: (generateInventory(1).next().value as {_source: object})._source}])
  })

  it('search_after on price alone skips tied docs; adding _id as tiebreaker pages completely', async () => {
    const pit = await openPit()
    const tiesOnly = await pageAll({pit: {id: pit}, sort: [{price: 'asc'}]}, 500)
    expect(tiesOnly.length).to.be.lessThan(25_000)
    const complete = await pageAll({pit: {id: pit}, sort: [{price: 'asc'}, {_id: 'asc'}]}, 500)
    expect(new Set(complete).size).to.equal(25_000)
  })

  it('search_after works without a PIT on a live index', async () => {
    const ids: string[] = []
    let after: unknown[] | undefined
    for (;;) {
      const r = await call(em.url, 'POST', '/inventory/_search', {size: 5000, sort: [{sku: 'asc'}], _source: false, ...(after ? {search_after: after} : {})})
      const hits = r.body.hits.hits
      if (hits.length === 0) break
      ids.push(...hits.map((h: {_id: string}) => h._id))
      after = hits.at(-1).sort
    }
    expect(ids).to.have.length(25_000)
    expect(ids[0]).to.equal('SKU-00000000')
  })

  it('from + size past 10,000 is refused as OpenSearch does', async () => {
    const r = await call(em.url, 'POST', '/inventory/_search', {from: 9_995, size: 10})
    expect(r.status).to.equal(400)
    expect(r.body.error.root_cause[0].type).to.equal('illegal_argument_exception')
    expect(r.body.error.root_cause[0].reason).to.match(/^Result window is too large, from \+ size must be less than or equal to: \[10000\] but was \[10005\]/)
    const ok = await call(em.url, 'POST', '/inventory/_search', {from: 9_990, size: 10})
    expect(ok.status).to.equal(200)
  })

  it('track_total_hits: default caps at 10,000 (gte), true is exact, false omits', async () => {
    const capped = await call(em.url, 'POST', '/inventory/_search', {size: 0})
    expect(capped.body.hits.total).to.deep.equal({value: 10_000, relation: 'gte'})
    const exact = await call(em.url, 'POST', '/inventory/_search', {size: 0, track_total_hits: true})
    expect(exact.body.hits.total).to.deep.equal({value: 25_000, relation: 'eq'})
    const none = await call(em.url, 'POST', '/inventory/_search', {size: 0, track_total_hits: false})
    expect(none.body.hits).to.not.have.property('total')
  })

  it('PIT with an index in the path is refused', async () => {
    const pit = await openPit()
    const r = await call(em.url, 'POST', '/inventory/_search', {pit: {id: pit}})
    expect(r.status).to.equal(400)
    expect(r.body.error.type).to.equal('action_request_validation_exception')
  })

  it('_shard_doc: refused on serverless and on managed < 3.3, accepted on managed 3.3', async () => {
    const pit = await openPit()
    const refused = await call(em.url, 'POST', '/_search', {pit: {id: pit}, sort: ['_shard_doc']})
    expect(refused.status).to.equal(400)
    expect(refused.body.error.root_cause[0].reason).to.equal('No mapping found for [_shard_doc] in order to sort on')
    const v3 = await startEmulator({flavour: 'managed', version: '3.3.0'})
    try {
      v3.seed('i', [{_id: 'a', _source: {x: 1}}, {_id: 'b', _source: {x: 2}}])
      const p = await call(v3.url, 'POST', '/i/_search/point_in_time?keep_alive=1m')
      const r = await call(v3.url, 'POST', '/_search', {pit: {id: p.body.pit_id}, sort: ['_shard_doc'], size: 1})
      expect(r.status, r.text).to.equal(200)
      expect(r.body.hits.hits[0].sort).to.have.length(1)
    } finally {
      await v3.stop()
    }
  })

  it('PITs can be listed, deleted, and expire', async () => {
    const pit = await openPit()
    const list = await call(em.url, 'GET', '/_search/point_in_time/_all')
    expect(list.body.pits.map((p: {pit_id: string}) => p.pit_id)).to.include(pit)
    const del = await call(em.url, 'DELETE', '/_search/point_in_time', {pit_id: [pit]})
    expect(del.body).to.deep.equal({pits: [{successful: true, pit_id: pit}]})
    const gone = await call(em.url, 'POST', '/_search', {pit: {id: pit}})
    expect(gone.status).to.equal(404)
    expect(gone.body.error.root_cause[0].type).to.equal('search_context_missing_exception')

    const short = await call(em.url, 'POST', '/inventory/_search/point_in_time?keep_alive=50ms')
    await new Promise((r) => setTimeout(r, 80))
    const expired = await call(em.url, 'POST', '/_search', {pit: {id: short.body.pit_id}})
    expect(expired.status).to.equal(404)
    const all = await call(em.url, 'DELETE', '/_search/point_in_time/_all')
    expect(all.status).to.equal(200)
    expect(em.state.pits.size).to.equal(0)
  })

  it('keep_alive above the maximum is refused', async () => {
    const r = await call(em.url, 'POST', '/inventory/_search/point_in_time?keep_alive=2d')
    expect(r.status).to.equal(400)
    expect(r.body.error.reason).to.match(/^Keep alive for request \(2d\) is too large/)
  })
})
