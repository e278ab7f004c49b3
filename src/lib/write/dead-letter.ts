/**
 * The dead-letter file: every document the server did not take, with the reason, as NDJSON.
 *
 * Each line is a hit (`_index`, `_id`, `_source`) plus `error` and `line`, so after fixing the cause the file
 * itself can be restored (`aoss restore rejected.ndjson --index …`): restore reads only the hit fields.
 * `open()` creates the file before the first write, so a path that cannot be written is refused up front instead
 * of being found when a document is refused; close() removes it again when nothing was refused, so a clean run
 * leaves nothing behind.
 */
import {once} from 'node:events'
import {createWriteStream, type WriteStream} from 'node:fs'
import {open as openFile, stat, unlink} from 'node:fs/promises'

import {AossError} from '../errors.js'

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

  private readonly flags: 'a' | 'wx'

  /**
   * `append`: add to the file if it is there — a resumed copy keeps one dead-letter file for the whole job —
   * instead of refusing to touch it.
   */
  constructor(private readonly file: string, options: {append?: boolean} = {}) {
    this.flags = options.append ? 'a' : 'wx'
  }

  /** Where the refused documents are; undefined while there are none. */
  get path(): string | undefined {
    return this.count > 0 ? this.file : undefined
  }

  /** Creates the file now (USAGE error when it cannot be); otherwise the first refused document creates it. */
  async open(): Promise<void> {
    if (this.stream) return
    let handle
    try {
      // 'wx' refuses to overwrite: an earlier run's dead letters are worth more than this run's convenience.
      handle = await openFile(this.file, this.flags)
    } catch (error) {
      throw cannotCreate(this.file, error)
    }

    this.stream = handle.createWriteStream()
    this.opened = Promise.resolve()
  }

  async write(index: string, doc: BulkDoc, error: ItemError): Promise<void> {
    if (!this.stream) {
      this.stream = createWriteStream(this.file, {flags: this.flags})
      this.opened = once(this.stream, 'open').then(() => undefined)
    }

    await this.opened
    this.count++
    if (!this.stream.write(deadLetterLine(index, doc, error))) await once(this.stream, 'drain')
  }

  async close(): Promise<void> {
    if (!this.stream || this.stream.writableEnded) return
    const stream = this.stream
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject)
      stream.end(resolve)
    })
    // Appending, the file may hold an earlier run's documents: it goes only when it is empty.
    if (this.count === 0 && (this.flags === 'wx' || (await stat(this.file).catch(() => undefined))?.size === 0)) await unlink(this.file).catch(() => {})
  }
}

function cannotCreate(file: string, error: unknown): AossError {
  const code = (error as NodeJS.ErrnoException)?.code
  const why = code === 'EEXIST'
    ? 'it already exists'
    : code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the folder is not writable'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (error as Error)?.message ?? String(error)
  return new AossError('USAGE', `cannot create the dead-letter file ${file}: ${why}`, {
    cause: error,
    hints: [code === 'EEXIST'
      ? 'An earlier run\'s dead letters are never overwritten: move that file away or pass --dead-letter with another path.'
      : 'Pass --dead-letter with a path in a writable folder; nothing was written.'],
    details: {deadLetter: file, ...(code ? {errno: code} : {})},
  })
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
