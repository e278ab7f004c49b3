/**
 * Bytes → text lines, gunzipping when the bytes are gzip. Streams: holds one chunk and one partial line.
 *
 * Gzip is recognised by its magic bytes, not the file name, so `-` (stdin) and S3 objects work either way. A
 * gzip stream that ends early (a truncated file or an interrupted upload) is an error here, never a quiet end.
 */
import {Readable} from 'node:stream'
import {StringDecoder} from 'node:string_decoder'
import {createGunzip} from 'node:zlib'

import {AossError} from '../errors.js'

export interface Line {
  /** 1-based. */
  number: number
  text: string
  /** False for a last line with no newline after it: it may be cut short. */
  terminated: boolean
}

/** Gunzips `bytes` when they start with the gzip magic number; passes them through otherwise. */
export async function* maybeGunzip(bytes: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const iterator = bytes[Symbol.asyncIterator]()
  const first = await iterator.next()
  if (first.done) return
  const head = first.value
  const all = (async function* () {
    yield head
    for (;;) {
      const next = await iterator.next()
      if (next.done) return
      yield next.value
    }
  })()

  if (!(head[0] === 0x1f && head[1] === 0x8b)) {
    yield* all
    return
  }

  const input = Readable.from(all)
  const gunzip = createGunzip()
  input.on('error', (error) => gunzip.destroy(error))
  input.pipe(gunzip)
  try {
    for await (const chunk of gunzip) yield chunk as Buffer
  } catch (error) {
    throw gzipError(error, name)
  } finally {
    input.destroy()
  }
}

/** zlib's terse messages, made into something a person can act on. */
export function gzipError(error: unknown, name: string): unknown {
  const e = error as NodeJS.ErrnoException
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? '')) {
    return new AossError('INCOMPLETE', `${name} is truncated: the gzip data ends before its end marker`, {
      cause: error,
      hints: ['The file was cut short (interrupted download or upload). Get a complete copy and run again.'],
      details: {source: name, reason: 'truncated'},
    })
  }

  if (e?.code === 'Z_DATA_ERROR') {
    return new AossError('INCOMPLETE', `${name} is corrupt: ${e.message}`, {
      cause: error,
      hints: ['The gzip data is damaged; restore from another copy.'],
      details: {source: name, reason: 'corrupt'},
    })
  }

  return error
}

/** Splits bytes into lines (LF or CRLF). A UTF-8 byte order mark at the start is dropped, as `doc put` drops it. */
export async function* readLines(bytes: AsyncIterable<Buffer>): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let number = 0
  let atStart = true
  for await (const chunk of bytes) {
    let text = rest + decoder.write(chunk)
    // The decoder holds back an incomplete character, so the mark is seen whole even when split across chunks.
    if (atStart && text.length > 0) {
      atStart = false
      if (text.charCodeAt(0) === 0xfe_ff) text = text.slice(1)
    }

    let start = 0
    let newline = text.indexOf('\n', start)
    while (newline !== -1) {
      const end = newline > start && text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline
      yield {number: ++number, text: text.slice(start, end), terminated: true}
      start = newline + 1
      newline = text.indexOf('\n', start)
    }

    rest = text.slice(start)
  }

  rest += decoder.end()
  if (rest.length > 0) yield {number: number + 1, text: rest, terminated: false}
}
