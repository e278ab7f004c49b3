/**
 * The dead-letter file: every document the server did not take, with the reason, as NDJSON.
 *
 * Each line is a hit (`_index`, `_id`, `_source`) plus `error` and `line`, so after fixing the cause the file
 * itself can be restored (`aoss restore rejected.ndjson --index …`): restore reads only the hit fields.
 * The file is created on the first failure, so a clean run leaves nothing behind.
 */
import {once} from 'node:events'
import {createWriteStream, type WriteStream} from 'node:fs'

import type {BulkDoc} from './bulk-doc.js'
import type {ItemError} from './bulk-items.js'

export interface DeadLetterSink {
  write(index: string, doc: BulkDoc, error: ItemError): Promise<void>
  close(): Promise<void>
  /** Documents written so far. */
  readonly count: number
  /** Where they went; undefined until the first one. */
  readonly path?: string
}

export function deadLetterLine(index: string, doc: BulkDoc, error: ItemError): string {
  const id = doc.id === undefined ? '' : `,"_id":${JSON.stringify(doc.id)}`
  return `{"_index":${JSON.stringify(index)}${id},"_source":${doc.sourceJson},"error":${JSON.stringify(error)},"line":${doc.line}}\n`
}

export class DeadLetterFile implements DeadLetterSink {
  count = 0
  private stream?: WriteStream
  private opened?: Promise<void>

  constructor(private readonly file: string) {}

  get path(): string | undefined {
    return this.stream ? this.file : undefined
  }

  async write(index: string, doc: BulkDoc, error: ItemError): Promise<void> {
    if (!this.stream) {
      // 'wx' refuses to overwrite: an earlier run's dead letters are worth more than this run's convenience.
      this.stream = createWriteStream(this.file, {flags: 'wx'})
      this.opened = once(this.stream, 'open').then(() => undefined)
    }

    await this.opened
    this.count++
    if (!this.stream.write(deadLetterLine(index, doc, error))) await once(this.stream, 'drain')
  }

  async close(): Promise<void> {
    if (!this.stream) return
    const stream = this.stream
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject)
      stream.end(resolve)
    })
  }
}

/** Keeps dead letters in memory: for the Lambda-free library callers and tests that only need the count. */
export class DeadLetterMemory implements DeadLetterSink {
  readonly lines: string[] = []
  readonly path = undefined

  get count(): number {
    return this.lines.length
  }

  async write(index: string, doc: BulkDoc, error: ItemError): Promise<void> {
    this.lines.push(deadLetterLine(index, doc, error))
  }

  async close(): Promise<void> {}
}
