/**
 * What a restore source's lines look like, and how one becomes a document for `_bulk`. The one place restore
 * reads NDJSON.
 *
 * - `hit`: `{"_index","_id","_source"}` per line, as `aoss export`/`aoss backup` and elasticdump write them
 *   (elasticdump adds `_type` and `_score`, ignored here);
 * - `source`: the bare document per line (`aoss export --format source`, or any NDJSON of objects); no ids.
 */
import type {BulkDoc} from '../write/bulk-doc.js'
import {AossError} from '../errors.js'
import {topLevelSpans} from './json-spans.js'
import type {Line} from './read-lines.js'

export type LineFormat = 'hit' | 'source'

export interface FormatGuess {
  format: LineFormat
  /** Who most likely wrote it: elasticdump adds `_type`/`_score`, which aoss never writes. */
  producer: 'aoss' | 'elasticdump' | 'unknown'
}

export function guessFormat(firstLine: string, where: string): FormatGuess {
  let value: unknown
  try {
    value = JSON.parse(firstLine)
  } catch {
    throw notJson(where, 1)
  }

  if (!isObject(value)) throw notAnObject(where, 1)
  if (isObject(value._source)) {
    const producer = '_type' in value || '_score' in value ? 'elasticdump' : '_index' in value ? 'aoss' : 'unknown'
    return {format: 'hit', producer}
  }

  // elasticdump's --type=mapping/settings/analyzer files hold one {"<index>": {"mappings": …}} object.
  const keys = Object.keys(value)
  const inner = keys.length === 1 ? value[keys[0]] : undefined
  if (isObject(inner) && ('mappings' in inner || 'settings' in inner || 'aliases' in inner)) {
    throw new AossError('USAGE', `${where} holds index ${'mappings' in inner ? 'mappings' : 'settings'}, not documents`, {
      hints: ['Restore the data file (elasticdump --type=data); create the index from the mapping file first.'],
    })
  }

  return {format: 'source', producer: 'unknown'}
}

/** The document on `line`; undefined for blank lines. Throws a one-line AossError for anything unreadable. */
export function parseLine(line: Line, format: LineFormat, where: string): BulkDoc | undefined {
  const text = line.text
  if (text.trim() === '') return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    if (!line.terminated) {
      throw new AossError('INCOMPLETE', `${where} is truncated: its last line (${line.number}) is cut short`, {
        hints: ['The file was cut short (interrupted export or copy). Get a complete copy and run again.'],
        details: {source: where, line: line.number, reason: 'truncated'},
      })
    }

    throw notJson(where, line.number)
  }

  if (!isObject(value)) throw notAnObject(where, line.number)
  if (format === 'source') return {sourceJson: text.trim(), line: line.number}

  if (!isObject(value._source)) {
    throw new AossError('USAGE', `${where} line ${line.number} has no "_source" object`, {
      hints: ['Every line of a hit-format file needs {"_id", "_source"}; mixed files are not supported.'],
    })
  }

  const span = topLevelSpans(text).get('_source')!
  const id = value._id
  return {
    id: id === undefined || id === null ? undefined : String(id),
    sourceJson: text.slice(span.start, span.end),
    line: line.number,
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function notJson(where: string, line: number): AossError {
  return new AossError('INVALID_JSON', `${where} line ${line} is not JSON`, {
    hints: ['Restore reads NDJSON: one JSON object per line (plain or gzip).'],
    details: {source: where, line},
  })
}

function notAnObject(where: string, line: number): AossError {
  return new AossError('INVALID_JSON', `${where} line ${line} is not a JSON object`, {
    hints: ['Restore reads NDJSON: one JSON object per line (plain or gzip).'],
    details: {source: where, line},
  })
}
