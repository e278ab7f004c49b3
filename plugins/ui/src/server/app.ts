/** The whole server: the gate, the page, its assets and the API routes. */
import {Hono} from 'hono'

import type {Assets} from './assets.js'
import {shell} from './assets.js'
import type {UiContext} from './context.js'
import {backupRoutes} from './routes/backups.js'
import {clusterRoutes} from './routes/cluster.js'
import {documentRoutes} from './routes/documents.js'
import {jobRoutes} from './routes/jobs.js'
import {searchRoutes} from './routes/search.js'
import {type Gate, guard} from './security.js'

const PAGES = ['/', '/index', '/entry', '/explore', '/backups']

export function buildApp(ctx: UiContext, gate: Gate, assets: Assets): Hono {
  const app = new Hono()
  app.use('*', async (c, next) => {
    await next()
    c.header('x-content-type-options', 'nosniff')
    c.header('referrer-policy', 'no-referrer')
    c.header('x-frame-options', 'DENY')
    c.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")
  })
  app.use('*', guard(gate))

  for (const page of PAGES) app.get(page, (c) => c.html(shell(gate.csrf)))
  app.get('/assets/app.js', (c) => c.body(assets.script, 200, {'content-type': 'text/javascript; charset=utf-8'}))
  app.get('/assets/app.css', (c) => c.body(assets.style, 200, {'content-type': 'text/css; charset=utf-8'}))

  for (const routes of [clusterRoutes, documentRoutes, searchRoutes, backupRoutes, jobRoutes]) app.route('/api', routes(ctx))
  app.notFound((c) => c.json({error: {code: 'NOT_FOUND', message: `no page at ${c.req.path}`}}, 404))
  return app
}
