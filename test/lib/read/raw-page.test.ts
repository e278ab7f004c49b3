import {expect} from 'chai'

import {hitToLine} from '../../../src/lib/read/ndjson.js'
import {RawHit} from '../../../src/lib/read/raw-hit.js'
import {scanSearchPage} from '../../../src/lib/read/raw-page.js'
import {checkComplete, toHits, totalOf} from '../../../src/lib/read/strategies/context.js'

/** A search answer around the given hits' JSON texts, shaped as OpenSearch writes it. */
function answer(hits: string[], extra = ''): string {
  return `{"took":3,"timed_out":false,${extra}"_shards":{"total":2,"successful":2,"skipped":0,"failed":0},"hits":{"total":{"value":${hits.length},"relation":"eq"},"max_score":null,"hits":[${hits.join(',')}]}}`
}

function hit(id: string, source: string, sort = `["${id}"]`): string {
  return `{"_index":"inventory","_id":${JSON.stringify(id)},"_score":null,"_source":${source},"sort":${sort}}`
}

/** What the reader wrote before this scanner: JSON.parse of the page, JSON.stringify of each hit. */
function parsedLines(text: string, format: 'hit' | 'source'): string[] {
  const parsed = JSON.parse(text) as {hits: {hits: Array<{_index: string, _id: string, _source?: Record<string, unknown>}>}}
  return parsed.hits.hits.map((h) => hitToLine({_index: h._index, _id: h._id, _source: h._source ?? {}}, format))
}

function lines(text: string, format: 'hit' | 'source'): string[] {
  return toHits(scanSearchPage(text)).hits.map((h) => hitToLine(h, format))
}

describe('raw search pages', () => {
  it('reads the small parts the reader checks: shards, timed_out, pit_id, total, the last sort values', () => {
    const text = answer([hit('a', '{"x":1}', '[5,"a"]'), hit('b', '{"x":2}', '[7,"b"]')], '"pit_id":"p1==",')
    const scanned = scanSearchPage(text)
    expect(scanned.pit_id).to.equal('p1==')
    expect(scanned.timed_out).to.equal(false)
    expect(scanned._shards).to.deep.equal({total: 2, successful: 2, skipped: 0, failed: 0})
    expect(totalOf(scanned)).to.deep.equal({value: 2, exact: true})
    const {hits, after} = toHits(scanned)
    expect(after).to.deep.equal([7, 'b'])
    expect(hits.map((h) => h._id)).to.deep.equal(['a', 'b'])
    expect(hits[1]).to.have.keys('_index', '_id', '_source')
    expect(hits[1]!._source).to.deep.equal({x: 2})
  })

  it('reads a scroll id, a numeric total, failed shards and a timed-out answer', () => {
    const text = '{"_scroll_id":"s\\"1","took":1,"timed_out":true,"_shards":{"total":3,"failed":1,"failures":[{"reason":{"type":"x","reason":"node left"}}]},"hits":{"total":4,"hits":[]}}'
    const scanned = scanSearchPage(text)
    expect(scanned._scroll_id).to.equal('s"1')
    expect(totalOf(scanned)).to.deep.equal({value: 4, exact: true})
    expect(() => checkComplete(scanned)).to.throw(/1 of 3 shards failed \(node left\)/)
    expect(() => checkComplete({...scanned, _shards: undefined})).to.throw(/timed out/)
  })

  it('gives no hits and no resume point for an empty page, or an answer without hits', () => {
    expect(toHits(scanSearchPage(answer([])))).to.deep.equal({hits: [], after: undefined})
    expect(toHits(scanSearchPage('{"took":0,"timed_out":false}'))).to.deep.equal({hits: []})
  })

  it('keeps escaped quotes, backslashes and unicode in strings exactly', () => {
    const sources = [
      String.raw`{"q":"say \"hi\"","path":"C:\\dir\\","end":"\\\\","mixed":"a\\\"b"}`,
      String.raw`{"name":"Zoë ☃ 😀","escaped":"\u00e9\ud83d\ude00","ctl":"\n\t"}`,
      String.raw`{"brackets":"}{][","colon":"a:b,c"}`,
    ]
    const text = answer(sources.map((s, i) => hit(`id-${i}`, s)))
    expect(lines(text, 'source')).to.deep.equal(sources)
    const scanned = toHits(scanSearchPage(text)).hits
    expect(scanned.map((h) => h._source)).to.deep.equal(sources.map((s) => JSON.parse(s)))
  })

  it('skips nested objects and arrays inside _source and around it', () => {
    const source = '{"a":{"b":[{"c":[1,[2,{"d":"}"}]]},[]],"e":{}},"f":[[],[[]]],"g":null,"h":true,"i":-1.5e3}'
    const withExtras = `{"_index":"inventory","_id":"n","_score":1.5,"_source":${source},"fields":{"x":[{"y":"]"}]},"highlight":{"a":["<em>}</em>"]},"sort":["n"]}`
    const text = answer([withExtras])
    expect(lines(text, 'source')).to.deep.equal([source])
    expect(toHits(scanSearchPage(text)).after).to.deep.equal(['n'])
  })

  it('writes the same bytes as parsing and re-serialising did, for compact JSON', () => {
    const sources = ['{"sku":"SKU-1","price":9.5,"tags":["a","b"],"dims":{"w":1,"h":2}}', '{}', '{"s":"quote \\" and \\\\"}', '{"u":"日本語"}']
    const text = answer(sources.map((s, i) => hit(`k${i}`, s)))
    expect(lines(text, 'hit')).to.deep.equal(parsedLines(text, 'hit'))
    expect(lines(text, 'source')).to.deep.equal(parsedLines(text, 'source'))
  })

  it('decodes escaped _index and _id values and writes them as JSON.stringify does', () => {
    const text = answer(['{"_index":"logs-\\u0031","_id":"a\\"b\\\\c\\/d","_source":{"x":1},"sort":["a"]}'])
    const [only] = toHits(scanSearchPage(text)).hits
    expect(only!._index).to.equal('logs-1')
    expect(only!._id).to.equal('a"b\\c/d')
    expect(hitToLine(only!, 'hit')).to.equal(parsedLines(text, 'hit')[0])
  })

  it('writes {} for a hit without _source (excluded or disabled), as before', () => {
    const text = answer(['{"_index":"inventory","_id":"x","_score":null,"sort":["x"]}', '{"_index":"inventory","_id":"y","_source":null,"sort":["y"]}'])
    expect(lines(text, 'hit')).to.deep.equal(['{"_index":"inventory","_id":"x","_source":{}}', '{"_index":"inventory","_id":"y","_source":{}}'])
    expect(lines(text, 'hit')).to.deep.equal(parsedLines(text, 'hit'))
  })

  it('preserves integers beyond 2^53 and number spellings byte for byte', () => {
    const source = '{"n":12345678901234567890,"neg":-98765432109876543210,"f":1.50,"e":1E+2,"z":-0}'
    const text = answer([hit('big', source)])
    expect(lines(text, 'source')).to.deep.equal([source])
    expect(lines(text, 'hit')).to.deep.equal([`{"_index":"inventory","_id":"big","_source":${source}}`])
    // Parsing, as the old path did, rounds the integer: the reason the text is kept.
    expect(parsedLines(text, 'source')[0]).to.contain('12345678901234567000')
  })

  it('turns a pretty-printed _source into one line, so NDJSON stays one document per line', () => {
    const pretty = JSON.stringify({hits: {total: {value: 1, relation: 'eq'}, hits: [{_index: 'i', _id: '1', _source: {a: {b: [1, 2]}, s: 'x y'}, sort: ['1']}]}}, null, 2)
    expect(pretty).to.contain('\n')
    const crlf = pretty.replaceAll('\n', '\r\n')
    for (const text of [pretty, crlf]) {
      const [line] = lines(text, 'hit')
      expect(line).to.equal('{"_index":"i","_id":"1","_source":{"a":{"b":[1,2]},"s":"x y"}}')
    }
  })

  it('keeps a compact _source of a pretty-printed answer as it is', () => {
    const text = `{\n  "hits" : {\n    "hits" : [\n      {"_index":"i","_id":"1","_source":{"n":12345678901234567890}}\n    ]\n  }\n}`
    expect(lines(text, 'source')).to.deep.equal(['{"n":12345678901234567890}'])
  })

  it('parses _source only when it is read, and writes an assigned _source instead of the text', () => {
    const [only] = toHits(scanSearchPage(answer([hit('a', '{"n":12345678901234567890}')]))).hits
    expect(RawHit.textOf(only!)).to.equal('{"n":12345678901234567890}')
    expect(only!._source).to.deep.equal({n: 12_345_678_901_234_567_000})
    expect(hitToLine(only!, 'source')).to.equal('{"n":12345678901234567890}')
    only!._source = {n: 1}
    expect(RawHit.textOf(only!)).to.equal(undefined)
    expect(hitToLine(only!, 'hit')).to.equal('{"_index":"inventory","_id":"a","_source":{"n":1}}')
  })

  it('refuses bodies it cannot walk', () => {
    for (const bad of ['', '[]', '{"hits":', '{"hits":{"hits":[{"_source":{"a":"x}]}}', '{"a":1} trailing', '{"a" 1}', '{"hits":{"hits":[1 2]}}']) {
      expect(() => scanSearchPage(bad), bad).to.throw(SyntaxError)
    }
  })
})
