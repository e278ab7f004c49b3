/**
 * SIGINT and SIGTERM stop a command promptly even while a request hangs: the request is abandoned, and the exit
 * code says what happened (3 for work that is incomplete, 130 for the rest). Each run's only time bound is a
 * generous kill deadline, so a command that ignored the signal fails instead of hanging the suite.
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ExitCode} from '../../src/lib/errors.js'
import {type FakeServer, fakeServer, stallAfterHeaders} from '../support/fake-server.js'

interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/** Starts the CLI, sends `signal` once `server` sees a request matching `pattern`, and waits for the exit. */
function interruptWhile(server: FakeServer, pattern: RegExp, argv: string[], signal: NodeJS.Signals): Promise<Ended> {
  const child = spawn('./bin/dev.js', argv, {cwd: process.cwd(), env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.resume()
  const ended = new Promise<Ended>((resolve) => child.on('exit', (code, how) => resolve({code, signal: how, stderr})))
  const deadline = setTimeout(() => child.kill('SIGKILL'), 25_000)
  void server.received(pattern).then(() => child.kill(signal))
  return ended.finally(() => clearTimeout(deadline))
}

describe('interrupting a command whose request hangs', () => {
  let server: FakeServer
  let dir: string
  before(async () => {
    server = await fakeServer(stallAfterHeaders)
    dir = mkdtempSync(join(tmpdir(), 'aoss-interrupt-'))
  })
  after(async () => {
    await server.stop()
    rmSync(dir, {recursive: true, force: true})
  })

  const connection = () => ['-e', server.url, '--auth', 'none', '--timeout', '600']

  it('ends count on SIGTERM with exit 130', async () => {
    server.requests.length = 0
    const ended = await interruptWhile(server, /_count/, ['count', 'inventory', ...connection()], 'SIGTERM')
    expect(ended.signal, ended.stderr).to.equal(null)
    expect(ended.code, ended.stderr).to.equal(ExitCode.interrupted)
    expect(ended.stderr).to.include('interrupted (SIGTERM)')
  })

  it('ends search on SIGINT with exit 130', async () => {
    server.requests.length = 0
    const ended = await interruptWhile(server, /_search/, ['search', 'inventory', ...connection()], 'SIGINT')
    expect(ended.code, ended.stderr).to.equal(ExitCode.interrupted)
  })

  it('ends an export to a file on SIGTERM with exit 3 (incomplete)', async () => {
    server.requests.length = 0
    const ended = await interruptWhile(server, /POST \/inventory/, ['export', 'inventory', '-o', join(dir, 'out.ndjson'), ...connection()], 'SIGTERM')
    expect(ended.signal, ended.stderr).to.equal(null)
    expect(ended.code, ended.stderr).to.equal(ExitCode.incomplete)
    expect(ended.stderr).to.include('interrupted')
  })
})
