import {expect} from 'chai'
import {gzipSync} from 'node:zlib'

import {AossError} from '../../../src/lib/errors.js'
import {topLevelSpans} from '../../../src/lib/restore/json-spans.js'
import {guessFormat, parseLine} from '../../../src/lib/restore/line-format.js'
import {maybeGunzip, readLines} from '../../../src/lib/restore/read-lines.js'
import {hitToLine} from '../../../src/lib/read/ndjson.js'

async function* chunks(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size)
}

async function lines(buffer: Buffer, size = 7) {
  const out = []
  for await (const line of readLines(maybeGunzip(chunks(buffer, size), 'test'))) out.push(line)
  return out
}

async function failure(promise: Promise<unknown>): Promise<AossError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).to.be.instanceOf(AossError)
  return error as AossError
}

describe('restore line reading', () => {
  it('finds the raw text of each top-level value', () => {
    const text = '{"_index":"a","_id":"x\\"y","_source":{"n":12345678901234567890,"s":"}{\\"","a":[1,{"b":null}]},"_score":1.0}'
    const spans = topLevelSpans(text)
    const slice = (key: string) => text.slice(spans.get(key)!.start, spans.get(key)!.end)
    expect(slice('_source')).to.equal('{"n":12345678901234567890,"s":"}{\\"","a":[1,{"b":null}]}')
    expect(slice('_score')).to.equal('1.0')
    expect(slice('_id')).to.equal('"x\\"y"')
    expect(() => topLevelSpans('[1]')).to.throw(SyntaxError)
    expect(() => topLevelSpans('{"a":{"b":1}')).to.throw(SyntaxError)
  })

  it('reads aoss, elasticdump and bare-source lines', () => {
    expect(guessFormat('{"_index":"i","_id":"1","_source":{}}', 'f')).to.deep.equal({format: 'hit', producer: 'aoss'})
    expect(guessFormat('{"_index":"i","_type":"_doc","_id":"1","_score":1,"_source":{}}', 'f')).to.deep.equal({format: 'hit', producer: 'elasticdump'})
    expect(guessFormat('{"sku":"a"}', 'f')).to.deep.equal({format: 'source', producer: 'unknown'})
    const hit = parseLine({number: 3, text: '{"_index":"i","_type":"_doc","_id":7,"_score":1,"_source":{"p":1.50}}', terminated: true}, 'hit', 'f')
    expect(hit).to.deep.equal({id: '7', sourceJson: '{"p":1.50}', line: 3})
    expect(parseLine({number: 1, text: ' {"sku":"a"} ', terminated: true}, 'source', 'f')).to.deep.equal({sourceJson: '{"sku":"a"}', line: 1})
    expect(parseLine({number: 2, text: '   ', terminated: true}, 'hit', 'f')).to.equal(undefined)
  })

  it('reads back the lines export writes, in both formats', () => {
    const hit = {_index: 'inventory', _id: 'SKU-1', _source: {sku: 'SKU-1', price: 9.5, tags: ['a']}}
    const line = (text: string) => ({number: 1, text, terminated: true})
    expect(parseLine(line(hitToLine(hit, 'hit')), 'hit', 'f')).to.deep.equal({id: 'SKU-1', sourceJson: '{"sku":"SKU-1","price":9.5,"tags":["a"]}', line: 1})
    expect(parseLine(line(hitToLine(hit, 'source')), 'source', 'f')).to.deep.equal({sourceJson: '{"sku":"SKU-1","price":9.5,"tags":["a"]}', line: 1})
  })

  it('refuses an elasticdump mapping file, non-JSON lines and a cut-off last line', () => {
    expect(() => guessFormat('{"inventory":{"mappings":{"properties":{}}}}', 'map.json')).to.throw(/holds index mappings, not documents/)
    expect(() => parseLine({number: 4, text: '{"_id":', terminated: true}, 'hit', 'f')).to.throw(/f line 4 is not JSON/)
    expect(() => parseLine({number: 2, text: '[1]', terminated: true}, 'hit', 'f')).to.throw(/f line 2 is not a JSON object/)
    const cut = (() => {
      try {
        parseLine({number: 9, text: '{"_id":"1","_sou', terminated: false}, 'hit', 'f')
      } catch (error) {
        return error as AossError
      }
    })()
    expect(cut?.message).to.equal('f is truncated: its last line (9) is cut short')
    expect(cut?.exitCode).to.equal(3)
  })

  it('splits lines across chunk borders, LF or CRLF, multi-byte characters included', async () => {
    const text = '{"a":"é€"}\r\n{"b":2}\n\n{"c":3}'
    const got = await lines(Buffer.from(text), 3)
    expect(got.map((line) => line.text)).to.deep.equal(['{"a":"é€"}', '{"b":2}', '', '{"c":3}'])
    expect(got.at(-1)!.terminated).to.equal(false)
    expect((await lines(gzipSync(Buffer.from(text)), 5)).map((line) => line.text)).to.deep.equal(['{"a":"é€"}', '{"b":2}', '', '{"c":3}'])
  })

  it('drops a byte order mark at the start only, even when its bytes arrive one at a time', async () => {
    const text = '\uFEFF{"a":1}\n{"b":"\uFEFF"}\n'
    expect((await lines(Buffer.from(text), 1)).map((line) => line.text)).to.deep.equal(['{"a":1}', '{"b":"\uFEFF"}'])
    expect((await lines(gzipSync(Buffer.from(text)), 4)).map((line) => line.text)).to.deep.equal(['{"a":1}', '{"b":"\uFEFF"}'])
  })

  it('a truncated gzip stream is an error, never a quiet end', async () => {
    const body = Buffer.from(Array.from({length: 2000}, (_, i) => `{"_id":"${i}","_source":{"n":${i}}}\n`).join(''))
    const gz = gzipSync(body)
    const error = await failure(lines(gz.subarray(0, Math.floor(gz.length / 2))))
    expect(error.message).to.equal('test is truncated: the gzip data ends before its end marker')
    expect(error.exitCode).to.equal(3)
    // only the trailer missing: every line decodes, and it is still refused
    expect((await failure(lines(gz.subarray(0, gz.length - 4)))).message).to.match(/truncated/)
    const corrupt = Buffer.from(gz)
    corrupt[corrupt.length - 6] ^= 0xff
    expect((await failure(lines(corrupt))).message).to.match(/is corrupt/)
  })
})
