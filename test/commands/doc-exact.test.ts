/**
 * Numbers keep their digits: doc put sends the text the user wrote, and doc get / search print `_source` as
 * the server sent it. JSON.parse + JSON.stringify would round integers above 2^53 and turn 1e400 into null.
 */
import {expect} from 'chai'
import nock from 'nock'

import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {aoss, cli} from '../support/cli.js'

const BIG = '{"n":9007199254740993,"m":12345678901234567890,"x":1.50}'

describe('doc put sends the document as written', () => {
  const URL = 'http://opensearch.test:9200'
  afterEach(() => nock.cleanAll())

  for (const text of ['{"n":9007199254740993}', '{"n":12345678901234567890}', '{"n":1e400}', '{"n":1.50,"s":"\\u00e9"}']) {
    it(`on the wire: ${JSON.stringify(text)}`, async () => {
      const sent: string[] = []
      const scope = nock(URL).put('/inventory/_doc/a').reply(201, {_index: 'inventory', _id: 'a', result: 'created', _version: 1})
      scope.on('request', (_request, _interceptor, body: string) => sent.push(body))
      const {error, stdout} = await aoss(['doc', 'put', 'inventory', '--id', 'a', '--data', text, '-e', URL, '--auth', 'none'])
      expect(error).to.equal(undefined)
      expect(stdout).to.contain('created')
      expect(sent).to.deep.equal([text])
    })
  }

  it('an answer without an id and result is an error, not "result undefined"', async () => {
    nock(URL).put('/inventory/_doc/a').reply(200, {acknowledged: true})
    const {error, stderr} = await aoss(['doc', 'put', 'inventory', '--id', 'a', '--data', '{}', '-e', URL, '--auth', 'none'])
    expect(error?.oclif?.exit).to.equal(1)
    expect(stderr).to.contain("writing to inventory: the server's answer does not say the document was written")
  })
})

describe('doc get and search print stored integers exactly', () => {
  let emulator: Emulator
  const conn = () => ['-e', emulator.url, '--auth', 'none']
  before(async () => {
    emulator = await startEmulator({flavour: 'managed'})
    const put = await cli(['doc', 'put', 'numbers', '--id', 'big', '--data', BIG, ...conn()])
    expect(put.code).to.equal(0)
    const pretty = await cli(['doc', 'put', 'numbers', '--id', 'pretty', '--data', '{\n  "n": 9007199254740993,\n  "list": [1, 2], "o": {}, "e": []\n}', ...conn()])
    expect(pretty.code).to.equal(0)
  })
  after(() => emulator.stop())

  it('doc get prints the source with every digit, pretty-printed, and --json embeds it as stored', async () => {
    const human = await aoss(['doc', 'get', 'numbers', 'big', ...conn()])
    expect(human.stdout).to.equal('{\n  "n": 9007199254740993,\n  "m": 12345678901234567890,\n  "x": 1.50\n}\n')
    const pretty = await aoss(['doc', 'get', 'numbers', 'pretty', ...conn()])
    expect(pretty.stdout).to.equal('{\n  "n": 9007199254740993,\n  "list": [\n    1,\n    2\n  ],\n  "o": {},\n  "e": []\n}\n')
    const json = await aoss(['doc', 'get', 'numbers', 'big', '--json', ...conn()])
    expect(json.stdout).to.contain('  "_source": {\n    "n": 9007199254740993,\n    "m": 12345678901234567890,\n    "x": 1.50\n  }')
    expect(JSON.parse(json.stdout)).to.include({_id: 'big', found: true})
  })

  it('search --json prints each hit with its source as stored, one line each', async () => {
    const {stdout, error} = await aoss(['search', 'numbers', '--sort', '_id', '--json', ...conn()])
    expect(error).to.equal(undefined)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).to.have.length(2)
    expect(lines[0]).to.contain(`"_source":${BIG}`)
    expect(lines[1]).to.contain('"_source":{"n":9007199254740993,"list":[1,2],"o":{},"e":[]}')
  })
})
