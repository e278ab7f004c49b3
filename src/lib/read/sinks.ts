/**
 * Where exported lines go: stdout, a file or another stream (a device, a FIFO), plain or gzip.
 *
 * Writes go through libuv's thread pool (fs.write), never through a synchronous stream: Node writes to pipes
 * and files on stdout synchronously, and a full pipe would then stall the event loop and with it the prefetch.
 * Gzip output is a series of complete gzip members (one per ~1 MiB of text and one per commit); every
 * gzip reader, `zcat` included, reads concatenated members as one stream, and a commit point is always a member
 * boundary, so a resumed file can be cut there and continued.
 */
import {open, type FileHandle} from 'node:fs/promises'
import {write as writeCallback} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'
import {promisify} from 'node:util'
import {gzip as gzipCallback} from 'node:zlib'

import {AossError} from '../errors.js'
import {outputError} from './output-errors.js'
import {type OutputKind, outputKind} from './output-target.js'

const gzip = promisify(gzipCallback)
const writeFd = promisify(writeCallback)

/** Text gathered before a gzip member is cut: big enough to compress well, small enough to stay cheap. */
const MEMBER_BYTES = 1 << 20

/** The reader of our stdout went away (`| head`): a clean stop, not a failure. */
export class ClosedPipeError extends Error {
  constructor(target = 'stdout') {
    super(`${target} was closed by the reader`)
    this.name = 'ClosedPipeError'
  }
}

export interface SinkOptions {
  /** A file path, or '-' for stdout. */
  output: string
  gzip: boolean
  /** Resume: keep this many bytes of the existing file and write after them. */
  keepBytes?: number
  /** What the output is, when the caller already looked (see outputKind). */
  kind?: OutputKind
}

export interface Sink {
  /** 'stdout' or the file path. */
  readonly target: string
  readonly gzip: boolean
  /** NDJSON bytes handed to write() in this run. */
  readonly dataBytes: number
  /** Bytes in the destination (compressed when gzip), including what a resume kept. */
  readonly outputBytes: number
  /** Text is written as UTF-8. */
  write(data: string | Buffer): Promise<void>
  /** Pushes everything written so far to the destination (fsync for a regular file); returns outputBytes. */
  commit(): Promise<number>
  close(): Promise<void>
}

/** Decides gzip from the flag or a `.gz` name. */
export function wantsGzip(output: string, flag: boolean | undefined): boolean {
  return Boolean(flag) || (output !== '-' && output.endsWith('.gz'))
}

export async function openSink(options: SinkOptions): Promise<Sink> {
  const kind = options.kind ?? (await outputKind(options.output))
  if (kind === 'stdout') return new FdSink('stdout', options.gzip, guard(stdoutWriter(), 'stdout'), 0, async () => {}, async () => {})
  if (kind === 'stream') return openStream(options)
  let handle: FileHandle
  let position = 0
  try {
    if (options.keepBytes !== undefined) {
      handle = await open(options.output, 'r+')
      const size = (await handle.stat()).size
      if (size < options.keepBytes) {
        await handle.close()
        throw new AossError('INCOMPLETE', `${options.output} is shorter (${size} bytes) than its checkpoint says (${options.keepBytes})`, {
          hints: ['The file was changed after the export stopped; start over with --force.'],
        })
      }

      await handle.truncate(options.keepBytes)
      position = options.keepBytes
    } else {
      handle = await open(options.output, 'w')
    }
  } catch (error) {
    throw openError(error, options.output)
  }

  const fh = handle
  let at = position
  const writer = async (buffer: Buffer) => {
    let offset = 0
    while (offset < buffer.length) {
      const {bytesWritten} = await fh.write(buffer, offset, buffer.length - offset, at)
      offset += bytesWritten
      at += bytesWritten
    }
  }

  const sync = async () => {
    try {
      await fh.datasync()
    } catch (error) {
      throw outputError(error, options.output)
    }
  }

  return new FdSink(options.output, options.gzip, guard(writer, options.output), position, sync, () => fh.close())
}

/**
 * A device or FIFO: written in order at its current position (a FIFO has none to seek to), never synced.
 * Opening a FIFO waits for its reader, as `cat > fifo` does. A reader that goes away ends the export like
 * `| head` on stdout.
 */
async function openStream(options: SinkOptions): Promise<Sink> {
  let fh: FileHandle
  try {
    fh = await open(options.output, 'w')
  } catch (error) {
    throw openError(error, options.output)
  }

  const writer = async (buffer: Buffer) => {
    let offset = 0
    while (offset < buffer.length) {
      try {
        offset += (await fh.write(buffer, offset, buffer.length - offset, null)).bytesWritten
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw new ClosedPipeError(options.output)
        throw error
      }
    }
  }

  return new FdSink(options.output, options.gzip, guard(writer, options.output), 0, async () => {}, () => fh.close())
}

function openError(error: unknown, output: string): unknown {
  if (error instanceof AossError) return error
  const e = error as NodeJS.ErrnoException
  return new AossError('USAGE', `cannot open ${output}: ${e.code ?? e.message}`, {hints: ['Check the path and its permissions.']})
}

/** Failed writes become errors that say what happened (a full disk, an I/O error) instead of a bare errno. */
function guard(writer: Writer, target: string): Writer {
  return async (buffer) => {
    try {
      await writer(buffer)
    } catch (error) {
      throw outputError(error, target)
    }
  }
}

type Writer = (buffer: Buffer) => Promise<void>

class FdSink implements Sink {
  dataBytes = 0
  outputBytes: number
  private pending: Buffer[] = []
  private pendingBytes = 0
  private closed = false

  constructor(
    readonly target: string,
    readonly gzip: boolean,
    private readonly writer: Writer,
    keptBytes: number,
    private readonly sync: () => Promise<void>,
    private readonly release: () => Promise<void>,
  ) {
    this.outputBytes = keptBytes
  }

  async write(data: string | Buffer): Promise<void> {
    if (data.length === 0) return
    const buffer = typeof data === 'string' ? Buffer.from(data) : data
    if (!this.gzip) {
      this.dataBytes += buffer.length
      await this.writer(buffer)
      this.outputBytes += buffer.length
      return
    }

    this.pending.push(buffer)
    this.pendingBytes += buffer.length
    if (this.pendingBytes >= MEMBER_BYTES) await this.flushMember()
  }

  async commit(): Promise<number> {
    await this.flushMember()
    await this.sync()
    return this.outputBytes
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.flushMember()
    } finally {
      await this.release()
    }
  }

  private async flushMember(): Promise<void> {
    if (this.pending.length === 0) return
    const text = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    this.dataBytes += text.length
    // zlib.gzip runs in the thread pool: compression overlaps with fetching and parsing.
    const member = await gzip(text)
    await this.writer(member)
    this.outputBytes += member.length
  }
}

/** Writes to fd 1 through the thread pool; EPIPE becomes ClosedPipeError, EAGAIN (non-blocking fd) waits. */
function stdoutWriter(): Writer {
  return async (buffer: Buffer) => {
    let offset = 0
    while (offset < buffer.length) {
      try {
        offset += (await writeFd(1, buffer, offset, buffer.length - offset)).bytesWritten
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') throw new ClosedPipeError()
        if (code === 'EAGAIN') {
          await sleep(2)
          continue
        }

        throw error
      }
    }
  }
}
