/**
 * The one way tests launch aoss. `aoss` executes a command in-process through @oclif/test (fast, returns the typed
 * result); `cli` runs the real entry point (bin/dev.js) as a user would, for arguments runCommand would re-split
 * (it joins argv with spaces and splits again, which breaks inline JSON), and for stdin, exit codes and TTY checks.
 */
import {type ChildProcess, execFile, spawn} from 'node:child_process'
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

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

/**
 * A shell line as a user types it (pipes, redirects, `&&`, `cat f |`, `| jq`), with `aoss` on PATH as the real
 * entry point (bin/dev.js) — for running the help examples verbatim. bash with pipefail, so a failing `aoss` before
 * a `| jq` still fails the line. `cwd` may be any folder: tsx is loaded by its absolute location.
 */
export function shell(line: string, options: {cwd: string, env?: NodeJS.ProcessEnv, timeout?: number}): Promise<CliRun> {
  const shim = mkdtempSync(join(tmpdir(), 'aoss-shim-'))
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  writeFileSync(join(shim, 'aoss'), `#!/bin/sh\nexec "${process.execPath}" --import "${loader}" --no-warnings "${join(repoRoot, 'bin', 'dev.js')}" "$@"\n`)
  chmodSync(join(shim, 'aoss'), 0o755)
  return new Promise((resolve) => {
    const env = {...process.env, NO_COLOR: '1', ...options.env, PATH: `${shim}:${process.env.PATH}`}
    execFile('bash', ['-o', 'pipefail', '-c', line], {cwd: options.cwd, env, timeout: options.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
      rmSync(shim, {recursive: true, force: true})
      const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : 1) : 0
      resolve({stdout, stderr, code})
    })
  })
}
