/**
 * Hits ⇄ NDJSON lines, both ways, for export, backup and restore.
 *
 * The default line is `{"_index","_id","_source"}`, the form elasticdump writes and reads, so files move
 * between the tools in both directions; `source` writes the bare `_source`.
 */
import split2 from 'split2'
import type {Transform} from 'node:stream'

import {AossError} from '../errors.js'
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
 * A page as NDJSON text in pieces of about `chunkBytes` characters, so a large page is written (and the event
 * loop gets a turn) piece by piece instead of as one huge string.
 */
export function* ndjsonChunks(hits: Hit[], format: LineFormat, chunkBytes = 1 << 20): Generator<string> {
  let lines: string[] = []
  let size = 0
  for (const hit of hits) {
    const line = hitToLine(hit, format)
    lines.push(line)
    size += line.length + 1
    if (size >= chunkBytes) {
      yield lines.join('\n') + '\n'
      lines = []
      size = 0
    }
  }

  if (lines.length > 0) yield lines.join('\n') + '\n'
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

/** A line read back: a hit (from `hit` files or elasticdump) or a bare source (`_index`/`_id` absent). */
export interface ParsedLine {
  _index?: string
  _id?: string
  _source: Record<string, unknown>
}

/** Parses one NDJSON line; `lineNumber` (1-based) goes into the error message. */
export function parseLine(line: string, lineNumber?: number): ParsedLine {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    throw invalidLine(lineNumber, (error as Error).message)
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidLine(lineNumber, 'not a JSON object')
  const object = value as Record<string, unknown>
  const source = object._source
  if (source !== null && typeof source === 'object' && !Array.isArray(source)) {
    return {
      ...(typeof object._index === 'string' ? {_index: object._index} : {}),
      ...(typeof object._id === 'string' || typeof object._id === 'number' ? {_id: String(object._id)} : {}),
      _source: source as Record<string, unknown>,
    }
  }

  return {_source: object}
}

/**
 * Splits a byte stream into lines (blank lines dropped, a missing final newline tolerated). `maxLength` bounds
 * memory on a file without newlines.
 */
export function ndjsonLines(maxLength = 100 * 1024 * 1024): Transform {
  return split2(/\r?\n/, (line: string) => (line.trim() === '' ? undefined : line), {maxLength})
}

function invalidLine(lineNumber: number | undefined, why: string): AossError {
  return new AossError('INVALID_JSON', `${lineNumber === undefined ? 'a line' : `line ${lineNumber}`} is not valid NDJSON: ${why}`, {
    hints: ['Each line must be one JSON object: {"_index","_id","_source"} or a bare document.'],
  })
}
