/** Live progress of a job as server-sent events: where the job stands and how it ended (for a page that connects late), then each new event until the job ends. */
import {Hono} from 'hono'
import {streamSSE} from 'hono/streaming'

import type {UiContext} from '../context.js'
import {type JobEvent, Jobs} from '../jobs.js'

export function jobRoutes(ctx: UiContext): Hono {
  const app = new Hono()

  app.get('/jobs/:id/events', (c) => {
    const job = ctx.jobs.get(c.req.param('id'))
    if (!job) return c.json({error: {code: 'NOT_FOUND', message: 'no such job'}}, 404)
    return streamSSE(c, async (stream) => {
      const queue: JobEvent[] = Jobs.replay(job)
      let wake: (() => void) | undefined
      const onEvent = (event: JobEvent) => {
        queue.push(event)
        wake?.()
      }

      job.events.on('event', onEvent)
      stream.onAbort(() => wake?.())
      try {
        while (!stream.aborted) {
          const event = queue.shift()
          if (!event) {
            await new Promise<void>((resolve) => {
              wake = resolve
            })
            continue
          }

          await stream.writeSSE({event: event.type, data: JSON.stringify(event)})
          if (event.type !== 'progress') break
        }
      } finally {
        job.events.off('event', onEvent)
      }
    })
  })

  return app
}
