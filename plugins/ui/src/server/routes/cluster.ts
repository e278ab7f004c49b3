/** Dashboard and index routes: health with every index, mapping, create (with the CLI's settings filter), delete. */
import {Hono} from 'hono'

import type {UiContext} from '../context.js'
import {errorAnswer} from '../errors.js'
import {AossError, buildCreateBody, createIndex, deleteIndex, getHealth, getMapping, parseJson, probeServer} from '../lib.js'

export function clusterRoutes(ctx: UiContext): Hono {
  const app = new Hono()

  app.get('/health', async (c) => {
    try {
      return c.json(await getHealth(ctx.client, ctx.settings, {controlPlane: false}))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.get('/indices/:index/mapping', async (c) => {
    try {
      return c.json(await getMapping(ctx.client, c.req.param('index')))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  /** `{index, body}` where body is the JSON text typed in the editor: malformed JSON comes back with line and column. */
  app.post('/indices', async (c) => {
    try {
      const {index, body} = await c.req.json<{index?: string, body?: string}>()
      if (!index) throw new AossError('USAGE', 'give the new index a name')
      const parts = body && body.trim() !== '' ? parseJson(body, 'the editor') : {}
      const {flavour} = await probeServer(ctx.client, ctx.settings)
      const result = await createIndex(ctx.client, {index, body: buildCreateBody({body: parts}), flavour, waitWritable: true})
      return c.json({...result, flavour})
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  /** The page asks for the name typed again; the server checks it too, so a stray request cannot delete. */
  app.delete('/indices/:index', async (c) => {
    try {
      const index = c.req.param('index')
      const {confirm} = await c.req.json<{confirm?: string}>().catch(() => ({confirm: undefined}))
      if (confirm !== index) throw new AossError('USAGE', `type the index name (${index}) to confirm the deletion`)
      return c.json(await deleteIndex(ctx.client, index))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  return app
}
