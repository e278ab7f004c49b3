import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import {AossError} from '../../../src/lib/errors.js'
import {parseJson, readDocument} from '../../../src/lib/io/json-input.js'
import {locateJsonFault} from '../../../src/lib/io/json-locate.js'

function failure(fn: () => unknown): AossError {
  try {
    fn()
  } catch (error) {
    return error as AossError
  }

  throw new Error('expected an error')
}

async function rejection(promise: Promise<unknown>): Promise<AossError> {
  try {
    await promise
  } catch (error) {
    return error as AossError
  }

  throw new Error('expected a rejection')
}

const stdin = (text: string) => Object.assign(Readable.from([Buffer.from(text)]), {isTTY: false})

describe('locateJsonFault', () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['{"a":}', 1, 6, /where a value was expected/],
    ['{"a": 1,\n  "b" 2}', 2, 7, /expected ':' after a property name, found '2'/],
    ['{"a": 1,}', 1, 9, /trailing comma before }/],
    ["{'a': 1}", 1, 2, /expected a property name in double quotes/],
    ['[1, 2', 1, 6, /expected ',' or ']'/],
    ['{"a": "x\n"}', 1, 9, /not closed before the end of the line/],
    ['{"a": 1} {"b": 2}', 1, 10, /after the end of the JSON value/],
    ['{"a": tru}', 1, 7, /unexpected 't'/],
  ]
  for (const [text, line, column, problem] of cases) {
    it(`finds line ${line}, column ${column} in ${JSON.stringify(text)}`, () => {
      const fault = locateJsonFault(text)
      expect(fault).to.include({line, column})
      expect(fault?.problem).to.match(problem)
    })
  }

  it('finds nothing wrong in valid JSON', () => {
    expect(locateJsonFault('{"a": [1, 2.5e3, true, null, "\\u00e9"]}')).to.equal(undefined)
  })
})

describe('parseJson / readDocument', () => {
  it('names the source, line and column in one line, with a pointer as hints', () => {
    const error = failure(() => parseJson('{\n  "name": "Red shoes",\n  "price" 59.9\n}', '--data'))
    expect(error.code).to.equal('INVALID_JSON')
    expect(error.exitCode).to.equal(2)
    expect(error.message).to.equal("malformed JSON in --data at line 3, column 11: expected ':' after a property name, found '5'")
    expect(error.hints).to.deep.equal(['3 |   "price" 59.9', '  |           ^'])
    expect(error.details).to.deep.include({line: 3, column: 11})
  })

  it('reads --data, a file and piped stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aoss-json-'))
    try {
      const file = join(dir, 'doc.json')
      writeFileSync(file, '\uFEFF{"name": "from file"}\n')
      // The checked text itself, byte order mark dropped: it is sent as written.
      expect(await readDocument({data: '{"name": "inline"}'})).to.equal('{"name": "inline"}')
      expect(await readDocument({file})).to.equal('{"name": "from file"}\n')
      expect(await readDocument({stdinStream: stdin('{"name": "piped"}')})).to.equal('{"name": "piped"}')
      expect(await readDocument({file: '-', stdinStream: stdin('{"name": "dash"}')})).to.equal('{"name": "dash"}')
      const bad = join(dir, 'bad.json')
      writeFileSync(bad, '{"name": "x",}')
      expect((await rejection(readDocument({file: bad}))).message).to.equal(`malformed JSON in ${bad} at line 1, column 14: trailing comma before }`)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('refuses what is not one object, saying what it is', async () => {
    expect((await rejection(readDocument({data: '[{"a": 1}]'}))).message).to.match(/holds a JSON array/)
    expect((await rejection(readDocument({data: '42'}))).message).to.match(/holds a JSON number/)
    expect((await rejection(readDocument({data: '{"a":1}\n{"a":2}\n'}))).message).to.match(/holds 2 documents; doc put writes one/)
    expect((await rejection(readDocument({data: '  '}))).message).to.match(/it is empty/)
    expect((await rejection(readDocument({file: '/nonexistent/doc.json'}))).exitCode).to.equal(5)
  })

  it('asks for a document when stdin is a terminal and nothing else was given', async () => {
    const tty = Object.assign(Readable.from([]), {isTTY: true})
    const error = await rejection(readDocument({stdinStream: tty}))
    expect(error.message).to.equal('no document given')
    expect(error.hints[0]).to.match(/--interactive/)
  })
})
