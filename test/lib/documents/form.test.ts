import {expect} from 'chai'
import {PassThrough} from 'node:stream'

import {answerAgain, answerForm, completeForm, documentOf, editableKeys, fillForm, parseAnswer, parseDate, planForm, type FieldStep, type GroupStep, type ReviewChoice} from '../../../src/lib/documents/form.js'
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

  it('says what a value may be, never which keys to press (the browser renders the same plan)', () => {
    const hints = plan.steps.flatMap((step) => (step.kind === 'field' ? [step] : step.steps as FieldStep[])).map((step) => step.hint)
    expect(field('active').hint).to.equal('true or false')
    expect(field('category').hint).to.equal('a value seen in the index, or another')
    for (const hint of hints) expect(hint).to.not.match(/[←→↑↓]|y\/n|toggle|other…|Enter/)
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
  it('edits one entry from the preview: the answers stay in order and only that entry is asked again', async () => {
    const plan = planForm('inventory', {properties: {name: {type: 'text'}, price: {type: 'float'}, stock: {type: 'integer'}}})
    const answers = await answerForm(plan, scriptedAsker(['Mug', '3', '']))
    expect(editableKeys(plan, answers)).to.deep.equal(['name', 'price', 'stock'])
    const edited = await answerAgain(plan, answers, 'stock', scriptedAsker(['7']))
    expect(documentOf(edited)).to.deep.equal({name: 'Mug', price: 3, stock: 7})
    const reviews: Array<Record<string, unknown>> = []
    const choices: ReviewChoice[] = [{action: 'edit', key: 'price'}, {action: 'send'}]
    const sent = await completeForm(plan, scriptedAsker(['Mug', '3', '', '4']), async (document) => (reviews.push(document), choices.shift() as ReviewChoice))
    expect(reviews).to.deep.equal([{name: 'Mug', price: 3}, {name: 'Mug', price: 4}])
    expect(sent).to.deep.equal({name: 'Mug', price: 4})
    expect(await completeForm(plan, scriptedAsker(['Mug', '', '']), async () => ({action: 'cancel'}))).to.equal(undefined)
  })

  it('leaves an unanswered boolean out of the document', async () => {
    const plan = planForm('inventory', {properties: {name: {type: 'text'}, active: {type: 'boolean'}}})
    expect(await fillForm(plan, scriptedAsker(['Mug', '']))).to.deep.equal({name: 'Mug'})
  })

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
  const keys = {enter: '\r', down: '\u001B[B', right: '\u001B[C', ctrlC: '\u0003', backspace: '\u007F'}
  const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')

  /**
   * A fake terminal: enquirer reads keypresses from `stdin` and draws on `stdout`. Keys are typed only once the
   * screen shows what they answer (enquirer listens for keys before it draws a prompt), never after a fixed pause.
   */
  function terminal(size: {columns: number, rows: number} = {columns: 100, rows: 40}) {
    // Enquirer listens only to a stream that says it is a terminal.
    const stdin = Object.assign(new PassThrough(), {isTTY: true, isRaw: false, setRawMode: () => stdin})
    const stdout = Object.assign(new PassThrough(), size)
    let screen = ''
    let seen = 0
    const waiting: Array<() => void> = []
    stdout.on('data', (chunk) => {
      screen += chunk
      for (const check of [...waiting]) check()
    })
    /** Resolves once `text` shows after what the previous wait found. */
    const until = (text: string) => new Promise<void>((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error(`the screen never showed "${text}":\n${stripAnsi(screen)}`)), 10_000)
      const check = () => {
        const at = stripAnsi(screen).indexOf(text, seen)
        if (at < 0) return
        seen = at + text.length
        clearTimeout(guard)
        waiting.splice(waiting.indexOf(check), 1)
        resolve()
      }

      waiting.push(check)
      check()
    })
    /** Waits for `text`, then types the keys (a word is typed letter by letter). */
    const answer = async (text: string, ...sequence: string[]) => {
      await until(text)
      for (const key of sequence) {
        if (key.startsWith('\u001B') || key.length === 1) stdin.write(key)
        else for (const char of key) stdin.write(char)
      }
    }

    return {stdin, stdout, answer, until, screen: () => screen}
  }

  const plan = planForm('inventory', {
    properties: {name: {type: 'text'}, category: {type: 'keyword'}, price: {type: 'float'}, active: {type: 'boolean'}},
    _meta: {required: ['name']},
  }, {choices: {category: ['apparel', 'footwear']}})

  it('fills the form, rejecting a bad number until it is fixed, then confirms', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('name * (text)', 'Red shoes', keys.enter)
    // "(leave empty)" comes first: two steps down is the second value.
    await term.answer('category (keyword)', keys.down, keys.down, keys.enter)
    await term.answer('price (float)', 'abc', keys.enter)
    await term.answer('enter a number, e.g. 59.9', keys.backspace, keys.backspace, keys.backspace, '59.9', keys.enter)
    await term.answer('active (boolean)', keys.right, keys.enter)
    await term.answer('Send this document to inventory?', keys.enter)
    expect(await done).to.deep.equal({name: 'Red shoes', category: 'footwear', price: 59.9, active: true})
    expect(term.screen()).to.contain('enter a number, e.g. 59.9').and.to.contain('name * (text)').and.to.contain('Send this document to inventory?')
  })

  it('Ctrl-C cancels with nothing returned', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('name * (text)', 'Red', keys.enter)
    await term.answer('category (keyword)', keys.ctrlC)
    try {
      await done
      expect.fail('expected a cancel')
    } catch (error) {
      expect((error as Error).message).to.equal('cancelled: nothing was written to inventory')
    }
  })

  it('Enter alone leaves optional lists and booleans out: "(leave empty)" is first and a boolean starts unset', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('name * (text)', 'Mug', keys.enter)
    await term.answer('category (keyword)', keys.enter)
    await term.answer('price (float)', keys.enter)
    await term.answer('active (boolean)', keys.enter)
    await term.answer('Send this document to inventory?', keys.enter)
    expect(await done).to.deep.equal({name: 'Mug'})
    const screen = stripAnsi(term.screen())
    expect(screen).to.match(/category \(keyword\) …[^\n]*\n▸ \(leave empty\)\n {2}apparel/)
    expect(screen).to.match(/active \(boolean\) …[^\n]*\n▸ \(leave empty\)\n {2}true\n {2}false/)
  })

  it('asks for another value after "other…" without showing "other…" as the answer', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('name * (text)', 'Mug', keys.enter)
    await term.answer('category (keyword)', keys.down, keys.down, keys.down, keys.enter)
    await term.answer('type the value', 'kitchen', keys.enter)
    await term.answer('price (float)', keys.enter)
    await term.answer('active (boolean)', 'n')
    await term.answer('Send this document to inventory?', 'y')
    expect(await done).to.deep.equal({name: 'Mug', category: 'kitchen', active: false})
    const screen = stripAnsi(term.screen())
    expect(screen).to.not.match(/· other…/)
    expect(screen).to.match(/✔ category \(keyword\) · kitchen/)
  })

  it('edits a field from the preview, shows the new document and sends it', async () => {
    const term = terminal()
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('name * (text)', 'Mug', keys.enter)
    await term.answer('category (keyword)', keys.enter)
    await term.answer('price (float)', '3', keys.enter)
    await term.answer('active (boolean)', keys.enter)
    await term.answer('Send this document to inventory?', 'e')
    await term.answer('Edit which field?', keys.down, keys.down, keys.enter)
    await term.answer('price (float)', keys.backspace, '4.5', keys.enter)
    await term.answer('"price": 4.5')
    await term.answer('Send this document to inventory?', keys.enter)
    expect(await done).to.deep.equal({name: 'Mug', price: 4.5})
  })

  it('says yes or no on a yes/no question, not true/false', async () => {
    const nestedPlan = planForm('shop', {properties: {variants: {type: 'nested', properties: {color: {type: 'keyword'}}}}})
    const term = terminal()
    const done = runForm(nestedPlan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('Add a variants entry?', 'y')
    await term.answer('variants.color (keyword)', 'red', keys.enter)
    await term.answer('Add another variants entry?', 'n')
    await term.answer('Send this document to shop?', keys.enter)
    expect(await done).to.deep.equal({variants: [{color: 'red'}]})
    const screen = stripAnsi(term.screen())
    expect(screen).to.match(/Add a variants entry\? \(y\/N\) · yes/).and.to.match(/Add another variants entry\? \(y\/N\) · no/)
    expect(screen).to.not.match(/\b(true|false)\b/)
  })

  it('paints no colour under NO_COLOR, enquirer\'s own styling included', async () => {
    const saved = process.env.NO_COLOR
    process.env.NO_COLOR = '1'
    try {
      const term = terminal()
      const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: true})
      await term.answer('name * (text)', 'abc', keys.enter)
      await term.answer('category (keyword)', keys.enter)
      await term.answer('price (float)', 'x', keys.enter)
      await term.answer('enter a number', keys.backspace, keys.enter)
      await term.answer('active (boolean)', keys.enter)
      await term.answer('Send this document to inventory?', keys.enter)
      await done
      expect(term.screen()).to.not.match(/\u001B\[[0-9;]*m/)
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR
      else process.env.NO_COLOR = saved
    }
  })

  it('shows the list on a terminal that reports no size', async () => {
    const term = terminal({columns: 0, rows: 0})
    const done = runForm(plan, {stdin: term.stdin, stdout: term.stdout, color: false})
    await term.answer('name * (text)', 'Mug', keys.enter)
    await term.answer('category (keyword)', keys.down, keys.enter)
    await term.answer('price (float)', keys.enter)
    await term.answer('active (boolean)', keys.enter)
    await term.answer('Send this document to inventory?', keys.enter)
    expect(await done).to.deep.equal({name: 'Mug', category: 'apparel'})
    expect(stripAnsi(term.screen())).to.contain('  footwear')
    expect(stripAnsi(term.screen())).to.not.contain('No matching choices')
  })
})
