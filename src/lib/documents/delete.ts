/** Deleting one document by id (`DELETE <index>/_doc/<id>`, allowed on every AOSS collection type). */
import type {Client} from '../connection/client.js'
import {docPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'
import {AossError} from '../errors.js'

export interface DeleteDocumentResult {
  index: string
  id: string
  result: 'deleted'
  version?: number
}

export async function deleteDocument(client: Client, index: string, id: string): Promise<DeleteDocumentResult> {
  const path = docPath(index, id)
  let body: {result?: string, _version?: number, error?: unknown}
  try {
    const response = await client.transport.request({method: 'DELETE', path}, {ignore: [404]})
    body = response.body ?? {}
  } catch (error) {
    throw toAossError(error, {index, action: `deleting ${index}/${id}`})
  }

  if (body.error !== undefined) {
    throw toAossError({name: 'ResponseError', meta: {statusCode: 404, body, headers: {}}}, {index, action: `deleting ${index}/${id}`})
  }

  if (body.result !== 'deleted') {
    throw new AossError('NOT_FOUND', `no document with id ${id} in ${index}; nothing deleted`, {statusCode: 404, details: {index, id}})
  }

  return {index, id, result: 'deleted', version: body._version}
}
