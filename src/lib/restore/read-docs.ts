/**
 * A source's parts → documents, in order. The format is guessed once, from the first line; backups are
 * re-hashed while they are read, so a chunk that changed after verification stops the restore.
 */
import {createHash} from 'node:crypto'

import type {BulkDoc} from '../write/bulk-doc.js'
import {AossError} from '../errors.js'
import {type FormatGuess, guessFormat, parseLine} from './line-format.js'
import {maybeGunzip, readLines} from './read-lines.js'
import type {SourcePart} from './sources.js'

export class DocReader {
  /** Known once the first line was read. */
  format?: FormatGuess
  /** Non-blank lines read, across parts. */
  lines = 0

  /** `verified`: the parts' hashes were checked before this read (not so under --skip-verify). */
  constructor(private readonly parts: SourcePart[], private readonly options: {verified?: boolean} = {}) {}

  async *docs(): AsyncGenerator<BulkDoc> {
    let offset = 0
    for (const part of this.parts) {
      let last = 0
      const bytes = part.sha256 ? checkHash(await part.open(), part, this.options.verified ?? true) : await part.open()
      for await (const line of readLines(maybeGunzip(bytes, part.name))) {
        last = line.number
        if (this.format === undefined) {
          if (line.text.trim() === '') continue
          this.format = guessFormat(line.text, part.name)
        }

        const doc = parseLine(line, this.format.format, part.name)
        if (!doc) continue
        this.lines++
        doc.line += offset
        yield doc
      }

      offset += last
    }
  }
}

async function* checkHash(bytes: AsyncIterable<Buffer>, part: SourcePart, verified: boolean): AsyncGenerator<Buffer> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of bytes) {
    hash.update(chunk)
    size += chunk.length
    yield chunk
  }

  const sha256 = hash.digest('hex')
  if (sha256 !== part.sha256 || (part.bytes !== undefined && size !== part.bytes)) {
    // Unverified (--skip-verify), the chunk was never seen intact: it is damaged, not "changed", and the
    // documents read from it before its end have already been sent.
    if (!verified) {
      throw new AossError('INCOMPLETE', `${part.name} is corrupt: its sha256 does not match the manifest (found at its end, since --skip-verify skipped the check before writing)`, {
        hints: ['Documents read from this chunk may already be written. Restore from another backup, or run without --skip-verify to refuse a damaged backup before writing.'],
        details: {chunk: part.name, expected: part.sha256, actual: sha256, bytes: size},
      })
    }

    throw new AossError('INCOMPLETE', `${part.name} changed while it was read: its sha256 no longer matches the manifest`, {
      hints: ['Something rewrote the backup during the restore; verify it with `aoss backup verify` and run again.'],
      details: {chunk: part.name, expected: part.sha256, actual: sha256, bytes: size},
    })
  }
}
