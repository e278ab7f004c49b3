/**
 * One document on its way into `_bulk`, and the two lines it becomes there.
 */
import {CLOSE_BRACE, skipSpaces, skipValue, walkObject} from '../io/json-scan.js'

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

/**
 * `--id-field NAME`: the document as it goes out, with its source `_id` written into NAME, so the copies a
 * resumed or repeated run adds to a collection that assigns its own ids can be found and removed later.
 * The text is edited, not re-serialised: the rest of the document keeps its bytes. A document that already has
 * NAME at its top level gets it replaced; one without an id is left as it is.
 */
export function withIdField(doc: BulkDoc, field: string): BulkDoc {
  if (doc.id === undefined) return doc
  const text = doc.sourceJson
  const value = JSON.stringify(doc.id)
  let existing: {start: number, end: number} | undefined
  const open = skipSpaces(text, 0)
  try {
    walkObject(text, open, (key, start) => {
      const end = skipValue(text, start)
      if (key === field) existing = {start, end}
      return end
    })
  } catch {
    // Not an object: the server refuses it either way, and says why in the dead letter.
    return doc
  }

  if (existing) return {...doc, sourceJson: text.slice(0, existing.start) + value + text.slice(existing.end)}
  const rest = skipSpaces(text, open + 1)
  const separator = text.charCodeAt(rest) === CLOSE_BRACE ? '' : ','
  return {...doc, sourceJson: `{${JSON.stringify(field)}:${value}${separator}${text.slice(open + 1)}`}
}
