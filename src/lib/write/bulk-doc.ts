/**
 * One document on its way into `_bulk`, and the two lines it becomes there.
 */

export interface BulkDoc {
  /** `_id` to write under; absent when the source has none or ids are dropped. */
  id?: string
  /** The `_source` JSON text exactly as read, so numbers and key order survive byte for byte. */
  sourceJson: string
  /** Where it came from (1-based line of the source), for dead letters and error messages. */
  line: number
}

/**
 * The action line. `index` (not `create`) so that a re-run with kept ids overwrites instead of failing on
 * conflicts; without an id the server generates one either way. The index travels in the URL path.
 */
export function actionLine(id: string | undefined): string {
  return id === undefined ? '{"index":{}}' : `{"index":{"_id":${JSON.stringify(id)}}}`
}

/** Bytes this document adds to a `_bulk` body: action line, source line and their two newlines. */
export function bulkBytes(doc: BulkDoc): number {
  return Buffer.byteLength(actionLine(doc.id)) + Buffer.byteLength(doc.sourceJson) + 2
}

/** The NDJSON body of a `_bulk` request; the trailing newline is required by the API. */
export function bulkBody(docs: readonly BulkDoc[], dropIds: boolean): string {
  let body = ''
  for (const doc of docs) body += `${actionLine(dropIds ? undefined : doc.id)}\n${doc.sourceJson}\n`
  return body
}
