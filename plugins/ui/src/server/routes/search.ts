/** The explorer: one page of cards per request, and the whole result set as an NDJSON download. */
import {Hono} from 'hono'

import {toCard} from '../cards.js'
import type {UiContext} from '../context.js'
import {errorAnswer} from '../errors.js'
import {checkIndex, type ExplorerQuery, explorerQueryClause, explorerSort} from '../explorer-query.js'
import {AossError, ndjsonBuffers, openReader, search} from '../lib.js'

const MAX_PAGE = 100

export function searchRoutes(ctx: UiContext): Hono {
  const app = new Hono()

  app.post('/search', async (c) => {
    try {
      const query = await c.req.json<ExplorerQuery>()
      checkIndex(query)
      const size = Math.min(Math.max(1, Math.floor(query.size ?? 10)), MAX_PAGE)
      const page = await search(ctx.client, {
        index: query.index,
        dsl: {query: explorerQueryClause(query)},
        size,
        sort: explorerSort(query.sort),
        searchAfter: query.after,
      })
      return c.json({total: page.total, took: page.took, cards: page.hits.map(toCard), next: page.next})
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  /** GET so a plain link downloads it; `q` is the explorer's query as JSON. Same reader as `aoss export`. */
  app.get('/export', async (c) => {
    let reader
    let query: ExplorerQuery
    try {
      query = JSON.parse(c.req.query('q') ?? '{}') as ExplorerQuery
      checkIndex(query)
      reader = await openReader(ctx.client, {index: query.index, query: explorerQueryClause(query), strategy: 'auto'})
    } catch (error) {
      return errorAnswer(c, error instanceof SyntaxError ? new AossError('USAGE', 'q must be the explorer query as JSON') : error)
    }

    const opened = reader
    const lines = (async function * () {
      try {
        for await (const page of opened) yield * ndjsonBuffers(page.hits, 'hit')
      } finally {
        await opened.close()
      }
    })()
    // An error while reading ends the download with a network error rather than a silently short file.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      async cancel() {
        await lines.return(undefined)
      },
    })
    const name = `${query.index.replace(/[^\w.-]+/g, '_')}.ndjson`
    return new Response(body, {
      headers: {'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="${name}"`},
    })
  })

  return app
}
