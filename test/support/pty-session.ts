/**
 * A CLI run in a real pseudo-terminal: util-linux `script` runs the command on a pty and forwards the keystrokes
 * written to its stdin. `columns`/`lines` size the terminal (both undefined: a pty that reports no size).
 */
import {spawn, spawnSync} from 'node:child_process'

export const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')
export const hasScript = spawnSync('script', ['--version']).status === 0

export interface Session {
  waitFor(text: string): Promise<void>
  send(keys: string): void
  exit: Promise<number>
  screen(): string
}

export interface SessionOptions {
  /** Give the pty this size (stty); without it, the pty reports 0 × 0, as some CI runners and containers do. */
  size?: {columns: number, lines: number}
  env?: Record<string, string | undefined>
}

export function startSession(command: string, options: SessionOptions = {}): Session {
  const {size} = options
  const sized = size ? `stty cols ${size.columns} rows ${size.lines}; ${command}` : command
  // A person at a terminal: CI=true (set by the CI runner, and by .ci/run's caller) would make the tool refuse to ask.
  const {CI: _ci, ...inherited} = process.env
  const env = {...inherited, COLUMNS: '100', LINES: '40', ...options.env}
  const child = spawn('script', ['-qfec', sized, '/dev/null'], {cwd: process.cwd(), env})
  let output = ''
  const waiters: Array<() => void> = []
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const check of [...waiters]) check()
  }

  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
  return {
    screen: () => stripAnsi(output),
    send: (keys) => child.stdin.write(keys),
    exit,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}"; screen:\n${stripAnsi(output)}`)), 20_000)
        const check = () => {
          if (!stripAnsi(output).includes(text)) return
          clearTimeout(timer)
          waiters.splice(waiters.indexOf(check), 1)
          // Enquirer attaches its key listener right after drawing; give it a moment.
          setTimeout(resolve, 150)
        }

        waiters.push(check)
        check()
      }),
  }
}

