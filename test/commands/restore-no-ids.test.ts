import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {aoss} from '../support/cli.js'

describe('aoss restore without ids: an unknown outcome is never sent twice', () => {
  let emulator: Emulator
  let dir: string
  beforeEach(async () => {
    emulator = await startEmulator({flavour: 'serverless', collectionType: 'timeseries'})
    dir = mkdtempSync(join(tmpdir(), 'aoss-noid-'))
  })
  afterEach(async () => {
    await emulator.stop()
    rmSync(dir, {recursive: true, force: true})
  })

  it('stops with exit 3 instead of re-sending a _bulk that timed out, so no document is stored twice', async () => {
    const file = join(dir, 'logs.ndjson')
    writeFileSync(file, Array.from({length: 300}, (_, i) => JSON.stringify({'@timestamp': new Date(1_700_000_000_000 + i).toISOString(), n: i})).join('\n') + '\n')
    // The first _bulk is stored, but its answer comes after the client's 1 s timeout.
    emulator.addFault({route: 'bulk', nth: 1, fault: {type: 'latency', ms: 1500}})
    const {stderr, error} = await aoss(['restore', file, '--index', 'logs', '--id-mode', 'drop', '-e', emulator.url, '--auth', 'none', '--timeout', '1', '--skip-verify'])
    expect(error?.oclif?.exit).to.equal(3)
    expect(stderr).to.contain('may or may not have been stored')
    await sleep(800) // let the slow request land
    expect(emulator.counters.bulk).to.equal(1)
    expect(emulator.state.indices.get('logs')?.docs.size ?? 0).to.be.at.most(300)
  })

  it('still retries a _bulk the server refused with 429, which stored nothing', async () => {
    const file = join(dir, 'logs.ndjson')
    writeFileSync(file, Array.from({length: 50}, (_, i) => JSON.stringify({'@timestamp': new Date(1_700_000_000_000 + i).toISOString(), n: i})).join('\n') + '\n')
    emulator.addFault({route: 'bulk', nth: 1, fault: {type: 'status', status: 429, retryAfter: 0}})
    const {error} = await aoss(['restore', file, '--index', 'logs', '--id-mode', 'drop', '-e', emulator.url, '--auth', 'none', '--count-timeout', '0'])
    expect(error).to.equal(undefined)
    expect(emulator.counters.bulk).to.equal(2)
    expect(emulator.state.indices.get('logs')?.docs.size).to.equal(50)
  })

  it('--id-field keeps each line\'s _id in the document when the collection assigns its own ids', async () => {
    const file = join(dir, 'logs.ndjson')
    writeFileSync(file, Array.from({length: 40}, (_, i) => JSON.stringify({_index: 'logs', _id: `line-${i}`, _source: {'@timestamp': new Date(1_700_000_000_000 + i).toISOString(), n: i}})).join('\n') + '\n')
    const {error} = await aoss(['restore', file, '--index', 'logs', '--id-mode', 'auto', '--id-field', 'source_id', '-e', emulator.url, '--auth', 'none', '--count-timeout', '0', '--dead-letter', join(dir, 'dead.ndjson')])
    expect(error).to.equal(undefined)
    const stored = [...emulator.state.indices.get('logs')!.docs.values()].map((doc) => (doc.source as {source_id?: string}).source_id)
    expect(stored.sort()).to.deep.equal(Array.from({length: 40}, (_, i) => `line-${i}`).sort())
  })
})
