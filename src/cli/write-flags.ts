/**
 * How restore and copy write through `_bulk`: ids, batches, requests in flight and the dead-letter file. One
 * definition for both, since both hand the same options to the same writer.
 */
import {Flags} from '@oclif/core'

import {DEFAULT_BATCH_BYTES, DEFAULT_BATCH_DOCS, DEFAULT_CONCURRENCY, type IdMode} from '../lib/write/writer.js'
import {byteSizeFlag} from './byte-size-flag.js'

/** `job` names the default dead-letter file (`<job>-<index>-<time>.rejected.ndjson`). */
export function bulkWriteFlags(job: 'restore' | 'copy') {
  return {
    'id-mode': Flags.string({
      summary: 'keep: write each document under its _id (a re-run overwrites); drop: the target assigns ids; auto: keep unless the collection refuses custom ids (time-series, vector).',
      options: ['keep', 'drop', 'auto'],
      default: 'keep',
    }),
    'id-field': Flags.string({summary: 'Write each document’s _id into this field, so copies a repeated run adds can be found (time-series, vector collections).'}),
    'batch-bytes': byteSizeFlag({summary: 'Largest _bulk request body (e.g. 5MiB, 512KiB); halved while the target throttles.', default: DEFAULT_BATCH_BYTES, defaultHelp: async () => '5MiB'}),
    'batch-docs': Flags.integer({summary: 'Most documents per _bulk request.', default: DEFAULT_BATCH_DOCS, min: 1}),
    concurrency: Flags.integer({char: 'c', summary: 'Most _bulk requests in flight (halved while the target throttles, regained slowly).', default: DEFAULT_CONCURRENCY, min: 1, max: 64}),
    'dead-letter': Flags.string({summary: `File for documents the target refuses (default ${job}-<index>-<time>.rejected.ndjson; created only if needed).`}),
  }
}

export interface BulkWriteFlagValues {
  'id-mode': string
  'id-field'?: string
  'batch-bytes': number
  'batch-docs': number
  concurrency: number
  'dead-letter'?: string
}

export function bulkWriteOptionsFrom(flags: BulkWriteFlagValues): {idMode: IdMode, idField?: string, batchBytes: number, batchDocs: number, concurrency: number, deadLetter?: string} {
  return {
    idMode: flags['id-mode'] as IdMode,
    idField: flags['id-field'],
    batchBytes: flags['batch-bytes'],
    batchDocs: flags['batch-docs'],
    concurrency: flags.concurrency,
    deadLetter: flags['dead-letter'],
  }
}
