import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {type Emulator, startEmulator} from '../support/emulator/index.js'

const root = join(import.meta.dirname, '..', '..')
// tsx is resolved from the working directory: the project root.
const run = promisify(execFile)

describe('commands whose stdout is data', () => {
  let emulator: Emulator
  before(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', [{_id: 'a', _source: {n: 1}}, {_id: 'b', _source: {n: 2}}])
  })
  after(() => emulator.stop())

  it('keep a library\'s stray console.log off stdout (it goes to stderr)', async () => {
    const preload = join(root, 'test', 'support', 'stray-console-log.mjs')
    const {stdout, stderr} = await run(process.execPath, ['--import', 'tsx', '--import', preload, '--no-warnings', join(root, 'bin', 'dev.js'), 'export', 'inventory', '-e', emulator.url, '--auth', 'none', '--quiet'], {cwd: root})
    expect(stderr).to.contain('stray line from a library')
    const lines = stdout.trim().split('\n')
    expect(lines).to.have.length(2)
    for (const line of lines) expect(JSON.parse(line)).to.have.property('_id')
  })
})
