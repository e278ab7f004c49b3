/**
 * Writing one document. Without an id the server assigns one (`POST <index>/_doc`, allowed on every AOSS
 * collection type); with an id it is `PUT <index>/_doc/<id>`, which AOSS allows on search collections only
 * (aoss-facts §2). The data plane cannot tell the collection type, so a refused id is recognised by the answer.
 */
import type {Client} from '../connection/client.js'
import {docPath, indexPath} from '../connection/paths.js'
import {NOT_IDEMPOTENT} from '../connection/retry.js'
import {AossError} from '../errors.js'
import {explainRefusal} from '../server-refusal.js'

export type CollectionType = 'search' | 'timeseries' | 'vectorsearch'

export interface PutDocumentOptions {
  index: string
  /**
   * The document. Text (one JSON object, already checked) is sent as it is, so every number keeps its digits;
   * JSON.stringify of a parsed value would round integers above 2^53 and turn 1e400 into null.
   */
  document: string | Record<string, unknown>
  id?: string
  /** When the user knows it: refuses a custom id before anything is sent. */
  collectionType?: CollectionType
}

export interface PutDocumentResult {
  index: string
  id: string
  /** `created` or `updated`. */
  result: string
  version?: number
  seqNo?: number
  primaryTerm?: number
}

export async function putDocument(client: Client, options: PutDocumentOptions): Promise<PutDocumentResult> {
  const {index, id, document} = options
  if (id !== undefined) assertCustomIdAllowed(options.collectionType)
  const path = id === undefined ? indexPath(index, '_doc') : docPath(index, id)
  let answer: {_index?: string, _id?: unknown, result?: unknown, _version?: number, _seq_no?: number, _primary_term?: number} | undefined
  try {
    // Without an id, a second copy of the request would store a second document: not retried on doubt.
    const {body} = await client.transport.request(
      {
        method: id === undefined ? 'POST' : 'PUT',
        path,
        body: document,
      },
      id === undefined ? NOT_IDEMPOTENT : {},
    )
    answer = body as typeof answer
  } catch (error) {
    throw explainRefusal(error, {topic: 'document', index, action: `writing to ${index}`})
  }

  // A write answers with the id and what happened to it; anything else did not write this document.
  if (typeof answer?._id !== 'string' || typeof answer.result !== 'string') {
    throw new AossError('SERVER', `writing to ${index}: the server's answer does not say the document was written`, {
      hints: ['Is the endpoint an OpenSearch cluster or collection? `aoss doc get` shows whether the document is there.'],
    })
  }

  return {
    index: answer._index ?? index,
    id: answer._id,
    result: answer.result,
    version: answer._version,
    seqNo: answer._seq_no,
    primaryTerm: answer._primary_term,
  }
}

export function assertCustomIdAllowed(collectionType: CollectionType | undefined): void {
  if (collectionType === 'timeseries' || collectionType === 'vectorsearch') {
    throw new AossError('UNSUPPORTED', `--id is not allowed on a ${collectionType} collection: it assigns document ids itself`, {
      hints: ['Leave out --id; the server generates one and prints it.'],
    })
  }
}
