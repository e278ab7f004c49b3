/**
 * Library errors as HTTP answers: the same code, message and hints the terminal prints, with a status that says
 * whose fault it was. Anything that is not an AossError is an unexpected failure (500) and shows no internals.
 */
import type {Context} from 'hono'
import type {ContentfulStatusCode} from 'hono/utils/http-status'

import {isAossError} from './lib.js'

const STATUS_BY_EXIT: Record<number, ContentfulStatusCode> = {2: 400, 3: 409, 4: 403, 5: 404, 6: 502, 7: 429}

export function errorAnswer(c: Context, error: unknown): Response {
  if (isAossError(error)) return c.json({error: error.toJSON()}, STATUS_BY_EXIT[error.exitCode] ?? 500)
  process.stderr.write(`aoss ui: ${(error as Error)?.stack ?? String(error)}\n`)
  return c.json({error: {code: 'UNEXPECTED', message: 'unexpected error; the terminal running aoss ui shows it'}}, 500)
}
