import {expect} from 'chai'

import {keepExactText, stringifyExact} from '../../../src/lib/documents/exact-json.js'

describe('documents/exact-json', () => {
  it('writes plain values exactly as JSON.stringify does, compact and indented', () => {
    const values: unknown[] = [
      {a: 1, b: 'x', c: [1, 'two', null, undefined, {d: {}}], e: undefined, f: [], g: {}, h: new Date(0), i: true, j: -0.5},
      [undefined, () => 1, {k: () => 1}],
      'text "quoted"',
      42,
      null,
      {nested: {deeper: {list: [[], [{}], [1, [2, [3]]]]}}},
    ]
    for (const value of values) {
      expect(stringifyExact(value)).to.equal(JSON.stringify(value))
      expect(stringifyExact(value, 2)).to.equal(JSON.stringify(value, null, 2))
    }
  })

  it('writes a value tied to its text as that text, indented at its depth, tokens untouched', () => {
    const text = '{\n "n" : 9007199254740993, "s":"a, b: {c}", "l":[1.50,{}] }'
    const source = JSON.parse(text) as object
    keepExactText(source, text)
    const hit = {_id: '1', _source: source}
    expect(stringifyExact(hit)).to.equal('{"_id":"1","_source":{"n":9007199254740993,"s":"a, b: {c}","l":[1.50,{}]}}')
    expect(stringifyExact(hit, 2)).to.equal('{\n  "_id": "1",\n  "_source": {\n    "n": 9007199254740993,\n    "s": "a, b: {c}",\n    "l": [\n      1.50,\n      {}\n    ]\n  }\n}')
  })
})
