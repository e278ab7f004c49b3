import {expect} from 'chai'
import {join} from 'node:path'
import type {Browser, Page} from 'playwright-core'

import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {chromiumMissing, launchChromium, SCREENSHOTS} from '../support/ui/chromium.js'
import {startHarness, type UiHarness} from '../support/ui/harness.js'
import {aoss} from '../support/cli.js'

const TIES = 23

/** Inputs are named by their place in the document (`variants.0.sku`): dots, so select by attribute. */
const field = (page: Page, key: string) => page.locator(`[id="f-${key}"]`)

describe('aoss ui in Chromium', function () {
  this.timeout(60_000)
  let h: UiHarness
  let browser: Browser
  let page: Page

  before(async function () {
    const missing = chromiumMissing()
    if (missing) {
      console.log(`      skipped: ${missing}`)
      this.skip()
    }

    h = await startHarness((emulator) => {
      emulator.seed('inventory', generateInventory(40), {mappings: inventoryMappings})
      // Every document has the same sort value: only the tiebreaker orders them.
      emulator.seed('ties', Array.from({length: TIES}, (_, i) => ({_id: `t${String(i).padStart(2, '0')}`, _source: {group: 'same', title: `shared item ${i}`}})), {mappings: {properties: {group: {type: 'keyword'}, title: {type: 'text'}}}})
    })
    browser = await launchChromium()
    page = await browser.newPage({viewport: {width: 1200, height: 900}})
    await page.goto(h.ui.url)
  })

  after(async () => {
    await browser?.close()
    await h?.stop()
  })

  it('dashboard lists every index with its document count', async () => {
    await page.locator('tr[data-index="ties"]').waitFor()
    expect(await page.locator('tr[data-index="inventory"] [data-testid="docs"]').textContent()).to.equal('40')
    expect(await page.locator('tr[data-index="ties"] [data-testid="docs"]').textContent()).to.equal(String(TIES))
    expect(await page.locator('[data-testid="facts"]').textContent()).to.contain('serverless')
    expect(page.url()).to.not.contain('token')
    await page.screenshot({path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true})
  })

  it('form refuses an invalid number, then creates a document `doc get` reads back identically', async () => {
    await page.goto(`${h.ui.origin}/entry?index=inventory`)
    await field(page, 'sku').fill('UI-1')
    await field(page, 'name').fill('Made in the form')
    await field(page, 'price').fill('12,5x')
    await page.locator('.field.invalid').filter({has: field(page, 'price')}).getByText('enter a number').waitFor()
    expect(await page.getByRole('button', {name: 'Save document'}).isDisabled()).to.equal(true)

    await field(page, 'price').fill('12.5')
    await field(page, 'stock').fill('7')
    await field(page, 'active').selectOption('true')
    await field(page, 'created_at').fill('2026-11-27T10:30:00Z')
    await field(page, 'dimensions.width_cm').fill('3.5')
    await page.getByRole('button', {name: 'Add variants'}).click()
    await field(page, 'variants.0.sku').fill('UI-1-A')
    await field(page, 'variants.0.stock').fill('2')
    await page.locator('[data-testid="preview"]', {hasText: 'UI-1-A'}).waitFor()
    await page.locator('.field.invalid').waitFor({state: 'detached'})
    const preview = JSON.parse((await page.locator('[data-testid="preview"]').textContent())!)
    await page.screenshot({path: join(SCREENSHOTS, 'entry.png'), fullPage: true})
    await page.getByRole('button', {name: 'Save document'}).click()
    const id = await page.locator('[data-testid="saved"]').getAttribute('data-id')

    // `--` because a server-assigned id may start with a dash.
    const {result, error} = await aoss<{_source: unknown}>(['doc', 'get', '-e', h.emulator.url, '--auth', 'none', '--json', '--', 'inventory', id!])
    expect(error, String(error?.message)).to.equal(undefined)
    expect(result!._source).to.deep.equal(preview)
    expect(preview).to.deep.include({price: 12.5, stock: 7, active: true, created_at: '2026-11-27T10:30:00Z', dimensions: {width_cm: 3.5}, variants: [{sku: 'UI-1-A', stock: 2}]})
  })

  it('search as you type shows cards, and paging through ties visits every document once', async () => {
    await page.goto(`${h.ui.origin}/explore?index=ties`)
    await page.getByRole('searchbox', {name: 'Search'}).pressSequentially('shared', {delay: 30})
    await page.locator('.card mark', {hasText: 'shared'}).first().waitFor()
    await page.getByLabel('Sort by').fill('group')
    await page.getByLabel('Sort by').press('Tab')
    await page.getByLabel('Per page').fill('5')
    await page.getByLabel('Per page').press('Tab')
    await page.locator('[data-testid="summary"]', {hasText: 'showing 1–5'}).waitFor()
    await page.screenshot({path: join(SCREENSHOTS, 'explore.png'), fullPage: true})

    const seen: string[] = []
    for (let pageNo = 1; ; pageNo++) {
      await page.locator('[data-testid="page"][data-settled="true"]', {hasText: `page ${pageNo}`}).waitFor()
      seen.push(...(await page.locator('.card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-id')!))))
      const next = page.getByRole('button', {name: 'Next'})
      if (await next.isDisabled()) break
      await next.click()
    }

    expect(seen).to.have.length(TIES)
    expect(new Set(seen).size).to.equal(TIES)
  })

  it('"export these results" downloads every matching document as NDJSON', async () => {
    const q = encodeURIComponent(JSON.stringify({index: 'ties', text: 'shared'}))
    const answer = await page.request.get(`${h.ui.origin}/api/export?q=${q}`)
    expect(answer.status()).to.equal(200)
    expect(answer.headers()['content-disposition']).to.contain('ties.ndjson')
    const lines = (await answer.text()).trim().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((line) => line._id).sort()).to.deep.equal(Array.from({length: TIES}, (_, i) => `t${String(i).padStart(2, '0')}`))
    expect(lines[0]).to.have.keys('_index', '_id', '_source')
  })

  it('a backup started from the page completes with its progress at 100%', async () => {
    await page.goto(`${h.ui.origin}/backups`)
    await page.getByLabel('Index to back up').selectOption('inventory')
    await page.getByRole('button', {name: 'Start backup'}).click()
    await page.locator('[data-testid="backup-done"]').waitFor()
    expect(await page.locator('[data-testid="backup-percent"]').textContent()).to.equal('100%')
    await page.locator('[data-testid="backups"] td', {hasText: 'complete'}).first().waitFor()
    await page.screenshot({path: join(SCREENSHOTS, 'backups.png'), fullPage: true})
  })

  it('index page shows a mapping and creates an index', async () => {
    await page.goto(`${h.ui.origin}/index?name=inventory`)
    await page.locator('pre.json', {hasText: 'variants'}).waitFor()
    await page.getByLabel('Name').fill('from-the-page')
    await page.getByRole('button', {name: 'Create'}).click()
    await page.getByRole('status').filter({hasText: 'Created from-the-page'}).waitFor()
    expect(h.emulator.state.indices.has('from-the-page')).to.equal(true)
    await page.screenshot({path: join(SCREENSHOTS, 'index.png'), fullPage: true})
  })
})
