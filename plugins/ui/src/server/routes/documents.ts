/**
 * Data entry: the form plan for an index (the plan builder of `doc put --interactive`, with the same hints from
 * the index), a check of the answers as they are typed, and the write. A document is read back by id for its link.
 */
import {Hono} from 'hono'

import type {UiContext} from '../context.js'
import {errorAnswer} from '../errors.js'
import {type Answers, documentFromAnswers} from '../form-answers.js'
import {AossError, type Client, type FormPlan, gatherFormHints, getDocument, getMapping, isAossError, parseJson, planForm, putDocument} from '../lib.js'

async function planFor(client: Client, index: string): Promise<FormPlan> {
  let mapping: Record<string, unknown> = {}
  try {
    mapping = await getMapping(client, index)
  } catch (error) {
    // A new index: the first document creates it, so the form is free entry.
    if (!isAossError(error) || error.code !== 'INDEX_NOT_FOUND') throw error
  }

  const hints = Object.keys(mapping).length > 0 ? await gatherFormHints(client, index, mapping) : {}
  return planForm(index, mapping, hints)
}

interface DraftBody {
  answers?: Answers
  /** Free entry (no mapping yet): the document as JSON text. */
  json?: string
  id?: string
}

function draft(plan: FormPlan, body: DraftBody): {document: Record<string, unknown>, errors: Record<string, string>} {
  if (body.json !== undefined) {
    const value = parseJson(body.json, 'the document')
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AossError('USAGE', 'the document must be a JSON object')
    return {document: value as Record<string, unknown>, errors: {}}
  }

  return documentFromAnswers(plan.steps, body.answers ?? {})
}

export function documentRoutes(ctx: UiContext): Hono {
  const app = new Hono()

  app.get('/indices/:index/form', async (c) => {
    try {
      return c.json(await planFor(ctx.client, c.req.param('index')))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.post('/indices/:index/form/check', async (c) => {
    try {
      const plan = await planFor(ctx.client, c.req.param('index'))
      return c.json(draft(plan, await c.req.json<DraftBody>()))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.post('/indices/:index/docs', async (c) => {
    try {
      const index = c.req.param('index')
      const body = await c.req.json<DraftBody>()
      const {document, errors} = draft(await planFor(ctx.client, index), body)
      if (Object.keys(errors).length > 0) return c.json({errors}, 422)
      const id = body.id?.trim() || undefined
      return c.json(await putDocument(ctx.client, {index, document, id}))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.get('/indices/:index/docs/:id', async (c) => {
    try {
      return c.json(await getDocument(ctx.client, c.req.param('index'), c.req.param('id')))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  return app
}
