import {expect} from 'chai'
import {Readable} from 'node:stream'

import {hitToLine, ndjsonBuffers, ndjsonChunks, ndjsonLines, parseLine} from '../../../src/lib/transfer/ndjson.js'
import {RawHit} from '../../../src/lib/transfer/raw-hit.js'

const hit = {_index: 'inventory', _id: 'SKU-1', _source: {sku: 'SKU-1', price: 9.5, tags: ['a']}}

describe('ndjson', () => {
  it('writes the elasticdump line form with keys in a fixed order', () => {
    expect(hitToLine(hit, 'hit')).to.equal('{"_index":"inventory","_id":"SKU-1","_source":{"sku":"SKU-1","price":9.5,"tags":["a"]}}')
    expect(hitToLine(hit, 'source')).to.equal('{"sku":"SKU-1","price":9.5,"tags":["a"]}')
  })

  it('reads back its own lines, elasticdump lines and bare documents', () => {
    expect(parseLine(hitToLine(hit, 'hit'))).to.deep.equal(hit)
    const elasticdump = '{"_index":"inventory","_type":"_doc","_id":"SKU-1","_score":1,"_source":{"sku":"SKU-1"}}'
    expect(parseLine(elasticdump)).to.deep.equal({_index: 'inventory', _id: 'SKU-1', _source: {sku: 'SKU-1'}})
    expect(parseLine('{"sku":"x"}')).to.deep.equal({_source: {sku: 'x'}})
  })

  it('names the line of bad input', () => {
    expect(() => parseLine('{"a":', 7)).to.throw(/line 7 is not valid NDJSON/)
    expect(() => parseLine('[1]', 2)).to.throw(/line 2/)
  })

  it('cuts a large page into chunks of whole lines', () => {
    const hits = Array.from({length: 100}, (_, i) => ({...hit, _id: String(i)}))
    const chunks = [...ndjsonChunks(hits, 'hit', 1000)]
    expect(chunks.length).to.be.greaterThan(5)
    expect(chunks.every((c) => c.endsWith('\n'))).to.equal(true)
    expect(chunks.join('').split('\n').filter(Boolean).map((l) => parseLine(l)._id)).to.deep.equal(hits.map((h) => h._id))
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

  it('splits a stream into lines, dropping blank ones and tolerating a missing final newline', async () => {
    const lines: string[] = []
    for await (const line of Readable.from(['{"a":1}\r\n\n{"b"', ':2}\n{"c":3}']).pipe(ndjsonLines())) lines.push(line as string)
    expect(lines).to.deep.equal(['{"a":1}', '{"b":2}', '{"c":3}'])
  })
})
