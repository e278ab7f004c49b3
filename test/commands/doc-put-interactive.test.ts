/**
 * `doc put --interactive` in a real pseudo-terminal: util-linux `script` runs the CLI on a pty and forwards the
 * keystrokes written to its stdin.
 */
import {expect} from 'chai'
import {spawn, spawnSync} from 'node:child_process'

import {type Emulator, startEmulator} from '../support/emulator/index.js'

const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')
const hasScript = spawnSync('script', ['--version']).status === 0

interface Session {
  waitFor(text: string): Promise<void>
  send(keys: string): void
  exit: Promise<number>
  screen(): string
}

function startSession(command: string): Session {
  const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: process.cwd(), env: {...process.env, COLUMNS: '100', LINES: '40'}})
  let output = ''
  const waiters: Array<() => void> = []
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const check of [...waiters]) check()
  }

  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
  return {
    screen: () => stripAnsi(output),
    send: (keys) => child.stdin.write(keys),
    exit,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}"; screen:\n${stripAnsi(output)}`)), 20_000)
        const check = () => {
          if (!stripAnsi(output).includes(text)) return
          clearTimeout(timer)
          waiters.splice(waiters.indexOf(check), 1)
          // Enquirer attaches its key listener right after drawing; give it a moment.
          setTimeout(resolve, 150)
        }

        waiters.push(check)
        check()
      }),
  }
}

;(hasScript ? describe : describe.skip)('aoss doc put --interactive (pseudo-terminal)', function () {
  this.timeout(60_000)
  let emulator: Emulator
  const command = () => `./bin/dev.js doc put products --interactive -e ${emulator.url} --auth none`
  const docs = () => emulator.state.indices.get('products')?.docs.size ?? 0

  before(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('products', [], {
      mappings: {_meta: {required: ['title']}, properties: {title: {type: 'text'}, price: {type: 'float'}, active: {type: 'boolean'}}},
    })
  })
  after(() => emulator.stop())

  it('asks field by field, previews, confirms and writes the document', async () => {
    const session = startSession(command())
    await session.waitFor('title * (text)')
    session.send('Red shoes\r')
    await session.waitFor('price (float)')
    session.send('cheap\r')
    await session.waitFor('enter a number')
    session.send('\u007F'.repeat(5) + '59.9\r')
    await session.waitFor('active (boolean)')
    session.send('\u001B[C\r')
    await session.waitFor('Send this document to products?')
    session.send('\r')
    expect(await session.exit).to.equal(0)
    const screen = session.screen()
    expect(screen).to.contain('Preview').and.to.contain('"price": 59.9').and.to.match(/result\s+created/)
    const [stored] = [...(emulator.state.indices.get('products')?.docs.values() ?? [])]
    expect(stored.source).to.deep.equal({title: 'Red shoes', price: 59.9, active: true})
  })

  it('Ctrl-C leaves nothing written', async () => {
    const before = docs()
    emulator.resetCounters()
    const session = startSession(command())
    await session.waitFor('title * (text)')
    session.send('Blue mug\r')
    await session.waitFor('price (float)')
    session.send('\u0003')
    expect(await session.exit).to.equal(2)
    expect(session.screen()).to.contain('cancelled: nothing was written to products')
    expect(docs()).to.equal(before)
    expect(emulator.counters['doc.post'] ?? 0).to.equal(0)
    expect(emulator.counters['doc.put'] ?? 0).to.equal(0)
  })
})
