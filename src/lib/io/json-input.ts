/**
 * Reading one JSON value from where users put it: a flag (`--data`), a file (`--file`, `--body`, `--query`…;
 * `-` is stdin) or piped stdin. Malformed input becomes one line naming the source, the line and the column.
 */
import {readFile} from 'node:fs/promises'

import {AossError, usageError} from '../errors.js'
import {locateJsonFault} from './json-locate.js'

/** Where the text came from, for messages: `--data`, `stdin`, or a file path. */
export type JsonSourceName = string

export function parseJson(text: string, source: JsonSourceName): unknown {
  const clean = text.replace(/^\uFEFF/, '')
  if (clean.trim() === '') {
    throw new AossError('INVALID_JSON', `no JSON in ${source}: it is empty`, {hints: ['Give a JSON object, e.g. {"name": "Red shoes"}.']})
  }

  try {
    return JSON.parse(clean)
  } catch (error) {
    const fault = locateJsonFault(clean)
    const where = fault ? ` at line ${fault.line}, column ${fault.column}` : ''
    const problem = fault?.problem ?? (error as Error).message
    const lineText = fault ? clean.split('\n')[fault.line - 1] : undefined
    const hints = lineText !== undefined && lineText.length <= 200 ? [`${fault!.line} | ${lineText.trimEnd()}`, `${' '.repeat(String(fault!.line).length)} | ${' '.repeat(Math.max(0, fault!.column - 1))}^`] : []
    throw new AossError('INVALID_JSON', `malformed JSON in ${source}${where}: ${problem}`, {
      hints,
      details: fault ? {source, line: fault.line, column: fault.column} : {source},
      cause: error,
    })
  }
}

/** Reads a whole file, or stdin for `-`. */
export async function readText(path: string): Promise<string> {
  if (path === '-') return readStdin()
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new AossError('NOT_FOUND', `file not found: ${path}`, {hints: ['Check the path; use - to read from stdin.']})
    if (code === 'EISDIR') throw usageError(`${path} is a directory, not a JSON file`)
    throw usageError(`cannot read ${path}: ${(error as Error).message}`)
  }
}

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** A JSON file (or `-`), parsed, with messages that name it. */
export async function readJsonFile(path: string): Promise<unknown> {
  return parseJson(await readText(path), path === '-' ? 'stdin' : path)
}

export interface DocumentSource {
  /** Inline JSON (`--data`). */
  data?: string
  /** A file path or `-` (`--file`). */
  file?: string
  /** Read piped stdin when neither is given (default true). */
  stdin?: boolean
  /** For tests: the stream read when stdin is used. */
  stdinStream?: NodeJS.ReadableStream & {isTTY?: boolean}
}

/**
 * One JSON object, a document body, as the text the user wrote (without a byte order mark): it is checked here
 * and sent as it is, so numbers keep every digit. Arrays and several values are refused with a pointer to bulk tools.
 */
export async function readDocument(source: DocumentSource): Promise<string> {
  let text: string
  let name: string
  if (source.data !== undefined) {
    text = source.data
    name = '--data'
  } else if (source.file !== undefined && source.file !== '-') {
    text = await readText(source.file)
    name = source.file
  } else {
    const stream = source.stdinStream ?? process.stdin
    if (source.file === undefined && (source.stdin === false || (stream as {isTTY?: boolean}).isTTY)) {
      throw usageError('no document given', 'Pass --data \'{"name": "Red shoes"}\', --file doc.json, pipe JSON on stdin, or use --interactive.')
    }

    text = await readStdin(stream)
    name = 'stdin'
  }

  checkDocumentText(text, name)
  return text.replace(/^\uFEFF/, '')
}

function checkDocumentText(text: string, name: string): void {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  // Several one-line objects (NDJSON) parse as "unexpected '{' after the end": say what is really going on.
  if (lines.length > 1 && lines.every((line) => /^\s*\{.*\}\s*$/.test(line))) {
    try {
      lines.forEach((line) => JSON.parse(line))
      throw usageError(`${name} holds ${lines.length} documents; doc put writes one`, 'Load many documents with `aoss restore` (NDJSON).')
    } catch (error) {
      if (error instanceof AossError) throw error
    }
  }

  const value = parseJson(text, name)
  if (Array.isArray(value)) {
    throw usageError(`${name} holds a JSON array; a document is one JSON object`, 'Load many documents with `aoss restore` (NDJSON).')
  }

  if (typeof value !== 'object' || value === null) {
    throw usageError(`${name} holds a JSON ${value === null ? 'null' : typeof value}; a document is one JSON object`, 'e.g. {"name": "Red shoes", "price": 59.9}')
  }
}
