/**
 * Cuts a document stream into `_bulk` batches bounded by bytes and by count.
 */
import {type BulkDoc, bulkBytes} from './bulk-doc.js'

export interface Batch {
  docs: BulkDoc[]
  bytes: number
}

export interface BatchLimits {
  /** Largest body in bytes; one document bigger than this still goes, alone. */
  maxBytes: number
  maxDocs: number
}

/**
 * Yields a batch as soon as the next document would push it over a limit. Holds one batch in memory at a time;
 * `limits` is read on every document, so a writer may shrink `maxBytes` after a 413 and later batches obey.
 */
export async function* batchDocs(docs: AsyncIterable<BulkDoc>, limits: BatchLimits): AsyncGenerator<Batch> {
  let batch: Batch = {docs: [], bytes: 0}
  for await (const doc of docs) {
    const size = bulkBytes(doc)
    if (batch.docs.length > 0 && (batch.bytes + size > limits.maxBytes || batch.docs.length >= limits.maxDocs)) {
      yield batch
      batch = {docs: [], bytes: 0}
    }

    batch.docs.push(doc)
    batch.bytes += size
  }

  if (batch.docs.length > 0) yield batch
}
