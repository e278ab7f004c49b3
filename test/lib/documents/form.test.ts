import {expect} from 'chai'
import {PassThrough} from 'node:stream'

import {fillForm, parseAnswer, parseDate, planForm, type FieldStep, type GroupStep} from '../../../src/lib/documents/form.js'
import {runForm, scriptedAsker} from '../../../src/cli/form-prompt.js'

const mapping = {
  _meta: {required: ['name', 'price']},
  properties: {
    name: {type: 'text', fields: {keyword: {type: 'keyword'}}},
    category: {type: 'keyword'},
    price: {type: 'float'},
    stock: {type: 'integer'},
    active: {type: 'boolean'},
    created_at: {type: 'date'},
    tags: {type: 'keyword'},
    ip: {type: 'ip'},
    shortcut: {type: 'alias', path: 'name'},
    dimensions: {properties: {width_cm: {type: 'float'}, height_cm: {type: 'float'}}},
    variants: {type: 'nested', properties: {color: {type: 'keyword'}, stock: {type: 'integer'}}},
    location: {type: 'geo_point'},
    embedding: {type: 'knn_vector', dimension: 3},
    extra: {type: 'flat_object'},
  },
}
const hints = {choices: {category: ['footwear', 'apparel']}, arrays: ['tags']}

describe('form plan', () => {
  const plan = planForm('inventory', mapping, hints)
  const field = (path: string) => plan.steps.find((step) => step.path === path) as FieldStep

  it('has one step per field in mapping order, skipping aliases', () => {
    expect(plan.freeForm).to.equal(false)
    expect(plan.steps.map((step) => step.path)).to.deep.equal([
      'name', 'category', 'price', 'stock', 'active', 'created_at', 'tags', 'ip', 'dimensions', 'variants', 'location', 'embedding', 'extra',
    ])
  })

  it('picks the prompt per type and marks required fields', () => {
    const kinds = Object.fromEntries(plan.steps.filter((s): s is FieldStep => s.kind === 'field').map((s) => [s.path, s.prompt]))
    expect(kinds).to.deep.equal({
      name: 'text', category: 'select', price: 'number', stock: 'integer', active: 'toggle', created_at: 'date', tags: 'text',
      ip: 'ip', location: 'geo-point', embedding: 'vector', extra: 'json',
    })
    expect(field('name').required).to.equal(true)
    expect(field('price').required).to.equal(true)
    expect(field('stock').required).to.equal(false)
    expect(field('category').choices).to.deep.equal(['footwear', 'apparel'])
    expect(field('tags').array).to.equal(true)
    const dimensions = plan.steps.find((s) => s.path === 'dimensions') as GroupStep
    const variants = plan.steps.find((s) => s.path === 'variants') as GroupStep
    expect([dimensions.kind, dimensions.nested, dimensions.steps.map((s) => s.path)]).to.deep.equal(['group', false, ['dimensions.width_cm', 'dimensions.height_cm']])
    expect([variants.kind, variants.nested]).to.deep.equal(['group', true])
  })

  it('is a free-form entry for an index without a mapping', () => {
    expect(planForm('empty', {}).freeForm).to.equal(true)
    expect(planForm('empty', {properties: {}}).freeForm).to.equal(true)
  })

  it('checks and converts answers per type', () => {
    expect(parseAnswer(field('price'), '59.90')).to.deep.equal({ok: true, value: 59.9})
    expect(parseAnswer(field('price'), 'cheap')).to.deep.include({ok: false})
    expect(parseAnswer(field('price'), '')).to.deep.equal({ok: false, error: 'price is required'})
    expect(parseAnswer(field('stock'), '')).to.deep.equal({ok: true, skip: true})
    expect(parseAnswer(field('stock'), '1.5')).to.deep.equal({ok: false, error: 'enter a whole number'})
    expect(parseAnswer(field('stock'), '3000000000')).to.deep.include({ok: false})
    expect(parseAnswer(field('active'), true)).to.deep.equal({ok: true, value: true})
    expect(parseAnswer(field('tags'), 'sale, new,')).to.deep.equal({ok: true, value: ['sale', 'new']})
    expect(parseAnswer(field('ip'), '10.0.0.300')).to.deep.include({ok: false})
    expect(parseAnswer(field('location'), '52.52, 13.40')).to.deep.equal({ok: true, value: {lat: 52.52, lon: 13.4}})
    expect(parseAnswer(field('embedding'), '1, 2')).to.deep.equal({ok: false, error: 'this vector has 3 dimensions; got 2 numbers'})
    expect(parseAnswer(field('embedding'), '[0.1, 0.2, 0.3]')).to.deep.equal({ok: true, value: [0.1, 0.2, 0.3]})
    expect(parseAnswer(field('extra'), '{"a": 1}')).to.deep.equal({ok: true, value: {a: 1}})
  })

  it('accepts ISO 8601 dates and "now", and refuses dates that do not exist', () => {
    const now = () => new Date('2026-11-27T10:00:00.000Z')
    expect(parseDate('2026-11-27', false)).to.deep.equal({ok: true, value: '2026-11-27'})
    expect(parseDate('2026-11-27T10:30:00Z', false)).to.deep.equal({ok: true, value: '2026-11-27T10:30:00Z'})
    expect(parseDate('2026-11-27T10:30:00.123+01:00', false)).to.deep.include({ok: true})
    expect(parseDate('now', false, now)).to.deep.equal({ok: true, value: '2026-11-27T10:00:00.000Z'})
    expect(parseDate('2026-02-30', false)).to.deep.include({ok: false})
    expect(parseDate('27/11/2026', false)).to.deep.include({ok: false})
    expect(parseDate('1700000000000', true)).to.deep.equal({ok: true, value: 1_700_000_000_000})
    expect(parseDate('1700000000000', false)).to.deep.include({ok: false})
  })
})

describe('filling the form', () => {
  it('builds the document from answers, leaving empty optional fields out', async () => {
    const plan = planForm('inventory', mapping, hints)
    const document = await fillForm(plan, scriptedAsker([
      'Red shoes', 'footwear', '59.9', '', true, '2026-11-27', 'sale,new', '',
      '30', '', // dimensions
      true, 'Red', '5', true, 'Blue', '', false, // variants: two entries
      '', '', '',
    ]))
    expect(document).to.deep.equal({
      name: 'Red shoes',
      category: 'footwear',
      price: 59.9,
      active: true,
      created_at: '2026-11-27',
      tags: ['sale', 'new'],
      dimensions: {width_cm: 30},
      variants: [{color: 'Red', stock: 5}, {color: 'Blue'}],
    })
  })

  it('takes free key/value pairs when there is no mapping', async () => {
    const plan = planForm('notes', {})
    const document = await fillForm(plan, scriptedAsker(['title', 'Hello', 'count', '42', 'tags', '["a","b"]', '']))
    expect(document).to.deep.equal({title: 'Hello', count: 42, tags: ['a', 'b']})
  })

  it('previews the JSON and returns the document only after the confirm', async () => {
    const out = new PassThrough()
    let shown = ''
    out.on('data', (chunk) => (shown += chunk))
    const plan = planForm('notes', {properties: {title: {type: 'text'}}})
    const document = await runForm(plan, {asker: scriptedAsker(['Hello']), confirm: async () => true, stdout: out, color: false})
    expect(document).to.deep.equal({title: 'Hello'})
    expect(shown).to.contain('New document for notes').and.to.contain('Preview\n{\n  "title": "Hello"\n}')
  })

  it('cancels, writing nothing, when the confirm says no or the answers stop (Ctrl-C)', async () => {
    const plan = planForm('notes', {properties: {title: {type: 'text'}}})
    const stdout = new PassThrough()
    for (const options of [{asker: scriptedAsker(['Hello']), confirm: async () => false}, {asker: scriptedAsker([])}]) {
      try {
        await runForm(plan, {...options, stdout})
        expect.fail('expected a cancel')
      } catch (error) {
        expect((error as Error).message).to.equal('cancelled: nothing was written to notes')
        expect((error as {exitCode: number}).exitCode).to.equal(130) // a cancel, not a usage error
      }
    }
  })
})

describe('the form through enquirer, driven by keystrokes', () => {
  const keys = {enter: '\r', down: '\u001B[B', right: '\u001B[C', ctrlC: '\u0003'}

  /** A fake terminal: enquirer reads keypresses from `stdin` and draws on `stdout`. */
  function terminal() {
    // Enquirer listens only to a stream that says it is a terminal.
    const stdin = Object.assign(new PassThrough(), {isTTY: true, isRaw: false, setRawMode: () => stdin})
    const stdout = Object.assign(new PassThrough(), {columns: 100, rows: 40})
    let screen = ''
    stdout.on('data', (chunk) => (screen += chunk))
    const settle = () => new Promise((resolve) => setTimeout(resolve, 40))
    const type = async (...sequence: string[]) => {
      for (const key of sequence) {
        await settle()
        if (key.startsWith('\u001B') || key.length === 1) stdin.write(key)
        else for (const char of key) stdin.write(char)
      }
    }

    return {stdin, stdout, type, screen: () => screen}
  }

  const plan = planForm('inventory', {
    properties: {name: {type: 'text'}, category: {type: 'keyword'}, price: {type: 'float'}, active: {type: 'boolean'}},
    _meta: {required: ['name']},
  }, {choices: {category: ['apparel', 'footwear']}})

  it('fills the form, rejecting a bad number until it is fixed, then confirms', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.type('Red shoes', keys.enter, keys.down, keys.enter, 'abc', keys.enter)
    await term.type('\u007F', '\u007F', '\u007F', '59.9', keys.enter, keys.right, keys.enter, keys.enter)
    expect(await done).to.deep.equal({name: 'Red shoes', category: 'footwear', price: 59.9, active: true})
    expect(term.screen()).to.contain('enter a number, e.g. 59.9').and.to.contain('name * (text)').and.to.contain('Send this document to inventory?')
  })

  it('Ctrl-C cancels with nothing returned', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.type('Red', keys.enter, keys.ctrlC)
    try {
      await done
      expect.fail('expected a cancel')
    } catch (error) {
      expect((error as Error).message).to.equal('cancelled: nothing was written to inventory')
    }
  })
})
