/**
 * `doc put --interactive` in a real pseudo-terminal: util-linux `script` runs the CLI on a pty and forwards the
 * keystrokes written to its stdin.
 */
import {expect} from 'chai'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {hasScript, startSession} from '../support/pty-session.js'

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
    expect(await session.exit).to.equal(130)
    expect(session.screen()).to.contain('cancelled: nothing was written to products')
    expect(session.screen()).to.not.contain('Error')
    expect(docs()).to.equal(before)
    expect(emulator.counters['doc.post'] ?? 0).to.equal(0)
    expect(emulator.counters['doc.put'] ?? 0).to.equal(0)
  })
  it('"n" at the send prompt is a cancel, not a usage error: exit 130, nothing written', async () => {
    const before = docs()
    const session = startSession(command())
    await session.waitFor('title * (text)')
    session.send('Green cup\r')
    await session.waitFor('price (float)')
    session.send('\r')
    await session.waitFor('active (boolean)')
    session.send('\r')
    await session.waitFor('Send this document to products?')
    session.send('n')
    expect(await session.exit).to.equal(130)
    expect(session.screen()).to.contain('cancelled: nothing was written to products')
    expect(session.screen()).to.not.contain('Error')
    expect(docs()).to.equal(before)
  })

  it('shows keyword lists in a pseudo-terminal that reports no size, nested fields included', async () => {
    emulator.seed('mugs', ['red', 'blue', 'red', 'blue', 'red', 'blue'].map((color, i) => ({
      _id: String(i),
      _source: {maker: i % 2 ? 'Acme' : 'Globex', variants: [{color}]},
    })), {mappings: {properties: {maker: {type: 'keyword'}, variants: {type: 'nested', properties: {color: {type: 'keyword'}}}}}})
    const session = startSession(`./bin/dev.js doc put mugs --interactive -e ${emulator.url} --auth none`)
    await session.waitFor('maker (keyword)')
    session.send('\u001B[B\r') // below "(leave empty)": the first value
    await session.waitFor('Add a variants entry?')
    session.send('y')
    await session.waitFor('variants.color (keyword)')
    session.send('\u001B[B\u001B[B\r')
    await session.waitFor('Add another variants entry?')
    session.send('n')
    await session.waitFor('Send this document to mugs?')
    session.send('\r')
    expect(await session.exit).to.equal(0)
    expect(session.screen()).to.not.contain('No matching choices')
    const [stored] = [...(emulator.state.indices.get('mugs')?.docs.values() ?? [])].filter((doc) => !/^\d$/.test(doc.id))
    expect(stored.source).to.deep.equal({maker: 'Acme', variants: [{color: 'red'}]})
  })

  it('"n" at index delete\'s confirm keeps the index and exits 130', async () => {
    emulator.seed('keepme', [{_id: '1', _source: {title: 'x'}}])
    const session = startSession(`./bin/dev.js index delete keepme -e ${emulator.url} --auth none`)
    await session.waitFor('Delete index keepme')
    session.send('n')
    expect(await session.exit).to.equal(130)
    expect(session.screen()).to.contain('cancelled: index keepme was not deleted')
    expect(session.screen()).to.not.contain('Error')
    expect(emulator.state.indices.has('keepme')).to.equal(true)
  })
})
