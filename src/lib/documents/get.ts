/** Reading one document by id (`GET <index>/_doc/<id>`, a ReadDocument operation on AOSS). */
import type {Client} from '../connection/client.js'
import {docPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'
import {AossError} from '../errors.js'
import {requestExact} from './exact-answer.js'

export interface StoredDocument {
  _index: string
  _id: string
  _version?: number
  _seq_no?: number
  _primary_term?: number
  found: true
  _source: Record<string, unknown>
}

export async function getDocument(client: Client, index: string, id: string): Promise<StoredDocument> {
  const path = docPath(index, id)
  let body: (StoredDocument & {error?: unknown}) | {found: false, error?: unknown}
  try {
    // Read as text: `_source` keeps the digits the server sent (exact-answer.ts).
    const response = await requestExact<typeof body>(client, {method: 'GET', path}, {ignore: [404]})
    body = response.body
  } catch (error) {
    throw toAossError(error, {index, action: `reading ${index}/${id}`})
  }

  if (body.error !== undefined || body.found !== true) {
    // index_not_found_exception comes back as an error body; a missing document as found: false.
    if (body.error !== undefined) {
      throw toAossError({name: 'ResponseError', meta: {statusCode: 404, body, headers: {}}}, {index, action: `reading ${index}/${id}`})
    }

    throw new AossError('NOT_FOUND', `no document with id ${id} in ${index}`, {
      statusCode: 404,
      details: {index, id},
      hints: [`Check the id; \`aoss search ${index}\` shows documents with their ids.`],
    })
  }

  return body
}
