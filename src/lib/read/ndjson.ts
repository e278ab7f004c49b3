/**
 * Hits → NDJSON lines, for export and backup (restore reads them back in restore/line-format.ts).
 *
 * The default line is `{"_index","_id","_source"}`, the form elasticdump writes and reads, so files move
 * between the tools in both directions; `source` writes the bare `_source`.
 */
import {RawHit} from './raw-hit.js'
import type {Hit, LineFormat} from './types.js'

export function hitToLine(hit: Hit, format: LineFormat): string {
  // A hit read raw (raw-hit.ts) carries its source as the server's one-line text: copied, never re-serialised.
  const text = RawHit.textOf(hit)
  if (text === undefined) {
    // Keys in a fixed order: same input, same bytes (resume and checksums rely on it).
    return format === 'source' ? JSON.stringify(hit._source) : JSON.stringify({_index: hit._index, _id: hit._id, _source: hit._source})
  }

  // The same keys, order and bytes as the JSON.stringify above writes for compact JSON.
  return format === 'source' ? text : `{"_index":${JSON.stringify(hit._index)},"_id":${JSON.stringify(hit._id)},"_source":${text}}`
}

/**
 * A page as NDJSON bytes in pieces of about `chunkBytes`, for export. Each line's parts are encoded straight into
 * one buffer per piece: joining the lines into a string first, then encoding it, costs twice the copying, and
 * export copies every byte it writes.
 */
export function* ndjsonBuffers(hits: Hit[], format: LineFormat, chunkBytes = 1 << 20): Generator<Buffer> {
  let parts: string[] = []
  let size = 0
  const add = (part: string) => {
    parts.push(part)
    size += part.length
  }

  for (const hit of hits) {
    const text = RawHit.textOf(hit)
    if (text === undefined) {
      add(`${hitToLine(hit, format)}\n`)
    } else {
      // As hitToLine writes it, in parts, so the source text is never copied into a new string.
      if (format === 'hit') add(`{"_index":${JSON.stringify(hit._index)},"_id":${JSON.stringify(hit._id)},"_source":`)
      add(text)
      add(format === 'hit' ? '}\n' : '\n')
    }

    if (size >= chunkBytes) {
      yield encode(parts)
      parts = []
      size = 0
    }
  }

  if (parts.length > 0) yield encode(parts)
}

function encode(parts: string[]): Buffer {
  let bytes = 0
  for (const part of parts) bytes += Buffer.byteLength(part)
  const buffer = Buffer.allocUnsafe(bytes)
  let at = 0
  for (const part of parts) at += buffer.write(part, at)
  return buffer
}
