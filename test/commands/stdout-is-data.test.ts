import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {type Emulator, startEmulator} from '../support/emulator/index.js'

const root = join(import.meta.dirname, '..', '..')
// tsx is resolved from the working directory: the project root.
const run = promisify(execFile)

describe('export to stdout', () => {
  let emulator: Emulator
  before(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', [{_id: 'a', _source: {n: 1}}, {_id: 'b', _source: {n: 2}}])
  })
  after(() => emulator.stop())

  it('carries only documents when a request fails after its response started (the client would log it there)', async () => {
    const preload = join(root, 'test', 'support', 'late-request-error.mjs')
    const {stdout} = await run(process.execPath, ['--import', 'tsx', '--import', preload, '--no-warnings', join(root, 'bin', 'dev.js'), 'export', 'inventory', '-e', emulator.url, '--auth', 'none', '--quiet'], {cwd: root})
    const lines = stdout.trim().split('\n')
    expect(lines, stdout).to.have.length(2)
    for (const line of lines) expect(JSON.parse(line)).to.have.property('_id')
  })
})
