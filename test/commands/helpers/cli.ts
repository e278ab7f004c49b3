/**
 * Runs the real entry point (bin/dev.js) as a user would, for arguments @oclif/test's runCommand would re-split
 * (it joins argv with spaces and splits again, which breaks inline JSON), and for stdin and TTY checks.
 */
import {execFile} from 'node:child_process'

export interface CliRun {
  stdout: string
  stderr: string
  code: number
}

export function cli(argv: string[], options: {input?: string, env?: NodeJS.ProcessEnv} = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile('./bin/dev.js', argv, {cwd: process.cwd(), env: {...process.env, NO_COLOR: '1', ...options.env}, timeout: 60_000}, (error, stdout, stderr) => {
      const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : 1) : 0
      resolve({stdout, stderr, code})
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    else child.stdin?.end()
  })
}
