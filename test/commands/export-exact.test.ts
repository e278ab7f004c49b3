import {expect} from 'chai'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {aoss} from '../support/cli.js'

/**
 * Sources as a client stored them. emulator.seed() would re-serialise them through JSON.stringify, so they go
 * in through `_bulk`, whose source lines the emulator keeps as sent, as OpenSearch does.
 */
const stored: Record<string, string> = {
  big: '{"n":12345678901234567890,"neg":-98765432109876543210}',
  spelled: '{"price":1.50,"ratio":1E+2,"name":"Zo\\u00eb \\"q\\""}',
  plain: '{"sku":"SKU-1","tags":["a","b"],"dims":{"w":1}}',
  unicode: '{"name":"Zoë ☃ 😀","n":9007199254740993}',
}

function lines(text: string): string[] {
  return text.split('\n').filter(Boolean)
}

async function bulkRaw(emulator: Emulator, index: string): Promise<void> {
  const body = Object.entries(stored).map(([id, source]) => `{"index":{"_index":"${index}","_id":"${id}"}}\n${source}\n`).join('')
  const response = await fetch(`${emulator.url}/_bulk`, {method: 'POST', headers: {'content-type': 'application/x-ndjson'}, body})
  const answer = (await response.json()) as {errors: boolean}
  expect(response.status).to.equal(200)
  expect(answer.errors).to.equal(false)
}

for (const {flavour, strategy} of [
  {flavour: 'serverless', strategy: 'pit'},
  {flavour: 'managed', strategy: 'scroll'},
] as const) {
  describe(`aoss export writes _source as the server stored it (${flavour}, ${strategy})`, function () {
    this.timeout(60_000)
    let emulator: Emulator
    let dir: string

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aoss-export-exact-'))
      // No refresh interval: what _bulk acknowledges is searchable at once (AOSS refuses ?refresh).
      emulator = await startEmulator({flavour, refreshIntervalMs: 0})
      await bulkRaw(emulator, 'exact')
    })
    after(async () => {
      await emulator.stop()
      await rm(dir, {recursive: true, force: true})
    })

    it('keeps integers beyond 2^53 and number spellings digit for digit', async () => {
      const file = join(dir, `${strategy}.jsonl`)
      const args = ['export', 'exact', '-e', emulator.url, '--auth', 'none', '-o', file, '--strategy', strategy, '--quiet']
      const {error} = await aoss(args)
      expect(error).to.equal(undefined)
      const text = await readFile(file, 'utf8')
      expect(text).to.contain('12345678901234567890').and.to.contain('-98765432109876543210')
      expect(text).not.to.contain('12345678901234567000')
      const expected = Object.entries(stored).map(([id, source]) => `{"_index":"exact","_id":"${id}","_source":${source}}`)
      expect(text.endsWith('\n')).to.equal(true)
      expect(lines(text)).to.have.members(expected).and.to.have.length(expected.length)
    })

    it('writes the stored text bare with --format source', async () => {
      const file = join(dir, `${strategy}-source.jsonl`)
      const args = ['export', 'exact', '-e', emulator.url, '--auth', 'none', '-o', file, '--strategy', strategy, '--format', 'source', '--quiet']
      const {error} = await aoss(args)
      expect(error).to.equal(undefined)
      const text = await readFile(file, 'utf8')
      expect(lines(text)).to.have.members(Object.values(stored)).and.to.have.length(Object.keys(stored).length)
    })
  })
}
