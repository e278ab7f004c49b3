import {expect} from 'chai'

import {hitToLine, ndjsonBuffers} from '../../../src/lib/read/ndjson.js'
import {RawHit} from '../../../src/lib/read/raw-hit.js'

const hit = {_index: 'inventory', _id: 'SKU-1', _source: {sku: 'SKU-1', price: 9.5, tags: ['a']}}

describe('ndjson', () => {
  it('writes the elasticdump line form with keys in a fixed order', () => {
    expect(hitToLine(hit, 'hit')).to.equal('{"_index":"inventory","_id":"SKU-1","_source":{"sku":"SKU-1","price":9.5,"tags":["a"]}}')
    expect(hitToLine(hit, 'source')).to.equal('{"sku":"SKU-1","price":9.5,"tags":["a"]}')
  })

  it('writes the same bytes as bytes as it does as text, for raw and parsed hits, ASCII or not', () => {
    const sources = ['{"n":12345678901234567890}', '{"name":"Zoë ☃ 😀"}', '{"s":"\\u00e9 \\"q\\""}']
    const raw = sources.map((text, i) => new RawHit('inventory', `r${i}`, text))
    const parsed = [{...hit, _id: 'ü'}, {_index: 'i', _id: '2', _source: {emoji: '😀'}}]
    const hits = [...raw, ...parsed, ...raw]
    for (const format of ['hit', 'source'] as const) {
      const text = hits.map((h) => `${hitToLine(h, format)}\n`).join('')
      expect(Buffer.concat([...ndjsonBuffers(hits, format)]).toString('utf8')).to.equal(text)
      const small = [...ndjsonBuffers(hits, format, 40)]
      expect(small.length).to.be.greaterThan(2)
      expect(small.every((b) => b.toString('utf8').endsWith('\n'))).to.equal(true)
      expect(Buffer.concat(small).toString('utf8')).to.equal(text)
    }

    expect(hitToLine(raw[0]!, 'hit')).to.equal('{"_index":"inventory","_id":"r0","_source":{"n":12345678901234567890}}')
  })
})
