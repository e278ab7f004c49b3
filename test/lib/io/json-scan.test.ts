import {expect} from 'chai'

import {oneLine, parseSortValues} from '../../../src/lib/io/json-scan.js'
import {scanSearchPage} from '../../../src/lib/read/raw-page.js'
import {toHits} from '../../../src/lib/read/strategies/context.js'

describe('json-scan: one-line sources and exact sort values', () => {
  it('returns a one-line source untouched, spaces and slashes inside strings included', () => {
    const text = '{"url": "https://example.com/a//b", "note": "a /* not a comment */ b", "n": 1.50}'
    expect(oneLine(text)).to.equal(text)
  })

  it('puts a pretty-printed source on one line without rounding its numbers', () => {
    const text = '{\n  "n": 12345678901234567890,\r\n  "f": 1.50,\n  "s": "line\\nbreak in a string"\n}'
    const line = oneLine(text)
    expect(line).to.equal('{"n":12345678901234567890,"f":1.50,"s":"line\\nbreak in a string"}')
    expect(line).to.not.match(/[\r\n]/)
  })

  it('drops comments OpenSearch accepted at indexing time, so every line is JSON', () => {
    expect(oneLine('{"a":1 /* note */}')).to.equal('{"a":1}')
    expect(oneLine('{"a":1, // trailing note\n "b":[2, /* x */ 3]}')).to.equal('{"a":1,"b":[2,3]}')
    expect(() => JSON.parse(oneLine('{"a":1 /* note */}'))).to.not.throw()
    expect(() => oneLine('{"a":1 /* open')).to.throw(SyntaxError)
    expect(() => oneLine('{"a":1 / 2}')).to.throw(SyntaxError)
  })

  it('keeps integers beyond 2^53 in sort values as their exact digits', () => {
    expect(parseSortValues('[9007199254740993,"x"]')).to.deep.equal(['9007199254740993', 'x'])
    expect(parseSortValues('[ 1.5 , 42, null, -12345678901234567890, true ]')).to.deep.equal([1.5, 42, null, '-12345678901234567890', true])
    expect(parseSortValues('[]')).to.deep.equal([])
  })

  it('gives search_after the exact position of the last hit', () => {
    const page = '{"hits":{"hits":[{"_index":"i","_id":"a","_source":{},"sort":[12345678901234567890,"a"]}]}}'
    expect(toHits(scanSearchPage(page)).after).to.deep.equal(['12345678901234567890', 'a'])
  })
})
