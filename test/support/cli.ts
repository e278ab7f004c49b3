/**
 * The one way tests launch aoss. `aoss` executes a command in-process through @oclif/test (fast, returns the typed
 * result); `cli` runs the real entry point (bin/dev.js) as a user would, for arguments runCommand would re-split
 * (it joins argv with spaces and splits again, which breaks inline JSON), and for stdin, exit codes and TTY checks.
 */
import {type ChildProcess, execFile, spawn} from 'node:child_process'
import {join} from 'node:path'

import {runCommand} from '@oclif/test'

/** The repository root: where package.json names the commands. */
export const repoRoot = join(import.meta.dirname, '..', '..')

export function aoss<T = unknown>(argv: string[]): ReturnType<typeof runCommand<T>> {
  return runCommand<T>(argv, {root: repoRoot})
}

export interface CliRun {
  stdout: string
  stderr: string
  code: number
}

export function cli(argv: string[], options: {input?: string, env?: NodeJS.ProcessEnv, timeout?: number} = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile('./bin/dev.js', argv, {cwd: process.cwd(), env: {...process.env, NO_COLOR: '1', ...options.env}, timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : 1) : 0
      resolve({stdout, stderr, code})
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    else child.stdin?.end()
  })
}

/** The real entry point as a child process the test controls (to kill it with SIGKILL mid-run, say). */
export function spawnCli(argv: string[], options: {env?: NodeJS.ProcessEnv} = {}): ChildProcess {
  return spawn('./bin/dev.js', argv, {cwd: process.cwd(), env: {...process.env, NO_COLOR: '1', ...options.env}, stdio: ['ignore', 'pipe', 'pipe']})
}
