import {expect} from 'chai'
import {request} from 'node:http'

import {CSRF_HEADER, makeGate} from '../../plugins/ui/src/server/security.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {startHarness, type UiHarness} from '../support/ui/harness.js'

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** node:http rather than fetch: fetch will not send a Host header of our choosing. */
function send(url: string, options: {method?: string, headers?: Record<string, string>, body?: string} = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {method: options.method ?? 'GET', headers: options.headers}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({status: res.statusCode!, headers: res.headers, body}))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('aoss ui: the gate in front of the cluster', function () {
  this.timeout(60_000)
  let h: UiHarness
  let host: string
  let auth: Record<string, string>
  let csrf: string

  before(async () => {
    h = await startHarness((emulator) => emulator.seed('inventory', generateInventory(5), {mappings: inventoryMappings}))
    host = new URL(h.ui.origin).host
    auth = {authorization: `Bearer ${h.ui.token}`}
    csrf = makeGate(h.ui.token, '127.0.0.1', Number(new URL(h.ui.origin).port)).csrf
  })

  after(() => h?.stop())

  it('answers 401 without the token, and with a wrong one', async () => {
    expect((await send(`${h.ui.origin}/api/health`)).status).to.equal(401)
    expect((await send(`${h.ui.origin}/`)).status).to.equal(401)
    expect((await send(`${h.ui.origin}/api/health`, {headers: {authorization: 'Bearer nope'}})).status).to.equal(401)
  })

  it('answers 403 to a foreign Host even with the token (DNS rebinding)', async () => {
    const answer = await send(`${h.ui.origin}/api/health`, {headers: {...auth, host: `attacker.example:${new URL(h.ui.origin).port}`}})
    expect(answer.status).to.equal(403)
    expect(answer.body).to.not.contain('inventory')
  })

  it('turns the printed URL into an HttpOnly cookie and drops the token from the address', async () => {
    const first = await send(h.ui.url)
    expect(first.status).to.equal(303)
    expect(first.headers.location).to.equal('/')
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).to.contain(`aoss_ui_token=${h.ui.token}`).and.contain('HttpOnly').and.contain('SameSite=Strict')
    const page = await send(`${h.ui.origin}/`, {headers: {cookie: cookie.split(';')[0]}})
    expect(page.status).to.equal(200)
    expect(page.body).to.contain('<div id="app">').and.contain(csrf)
    expect(page.body).to.not.contain(h.ui.token)
  })

  it('refuses writes from a foreign Origin or without the CSRF header, and takes them from the page', async () => {
    const body = JSON.stringify({index: 'made-here', body: '{}'})
    const json = {...auth, 'content-type': 'application/json'}
    const foreign = await send(`${h.ui.origin}/api/indices`, {method: 'POST', body, headers: {...json, origin: 'http://attacker.example', [CSRF_HEADER]: csrf}})
    expect(foreign.status).to.equal(403)
    const noCsrf = await send(`${h.ui.origin}/api/indices`, {method: 'POST', body, headers: {...json, origin: h.ui.origin}})
    expect(noCsrf.status).to.equal(403)
    expect(h.emulator.state.indices.has('made-here')).to.equal(false)

    const ok = await send(`${h.ui.origin}/api/indices`, {method: 'POST', body, headers: {...json, origin: h.ui.origin, [CSRF_HEADER]: csrf}})
    expect(ok.status, ok.body).to.equal(200)
    expect(h.emulator.state.indices.has('made-here')).to.equal(true)
  })

  it('never sends connection settings or credentials to the page', async () => {
    const health = await send(`${h.ui.origin}/api/health`, {headers: {...auth, host}})
    expect(health.status).to.equal(200)
    expect(JSON.parse(health.body)).to.not.have.any.keys('password', 'username', 'settings')
  })

  it('reports a malformed create body with its line and column', async () => {
    const answer = await send(`${h.ui.origin}/api/indices`, {
      method: 'POST',
      body: JSON.stringify({index: 'bad-json', body: '{\n  "mappings": {,\n}'}),
      headers: {...auth, 'content-type': 'application/json', origin: h.ui.origin, [CSRF_HEADER]: csrf},
    })
    expect(answer.status).to.equal(400)
    expect(JSON.parse(answer.body).error).to.include({code: 'INVALID_JSON'})
    expect(JSON.parse(answer.body).error.details).to.include({line: 2, column: 16})
  })
})
