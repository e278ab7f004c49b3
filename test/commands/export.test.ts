import {expect} from 'chai'
import {type ChildProcess, execFile, spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {gunzipSync} from 'node:zlib'

import {checkpointPath} from '../../src/lib/read/checkpoint.js'
import type {Emulator} from '../support/emulator/index.js'
import {inventoryEmulator} from '../support/reader-helpers.js'
import {exportFixture, lines} from '../support/export-fixture.js'
import {aoss, cli, type CliRun} from '../support/cli.js'

const DOCS = 6000
const bin = join(process.cwd(), 'bin', 'dev.js')

describe('aoss export', function () {
  this.timeout(120_000)
  const f = exportFixture(DOCS, 'aoss-export-')

  /** The count and two pages pass; the third page fails on its first try and on every retry. */
  function failOnePageForGood(): void {
    for (let nth = 4; nth <= 9; nth++) f.emulator.addFault({route: 'search', nth, fault: {type: 'shards-failed'}})
  }

  it('writes every document to a file and returns the summary', async () => {
    const file = join(f.dir, 'inv.jsonl')
    const {result, error} = await aoss<{docs: number, expected: number, complete: boolean, strategy: string}>(['export', 'inventory', ...f.conn, '-o', file, '--quiet'])
    expect(error).to.equal(undefined)
    expect(result).to.include({docs: DOCS, expected: DOCS, complete: true, strategy: 'pit'})
    const ids = lines(await readFile(file, 'utf8')).map((l) => JSON.parse(l)._id)
    expect(new Set(ids).size).to.equal(DOCS)
    expect(existsSync(checkpointPath(file))).to.equal(false)
  })

  it('stdout carries only data; the --json summary goes to stderr', async () => {
    const run = await cli(['export', 'inventory', ...f.conn, '--max-docs', '25', '--format', 'source', '--json'])
    expect(run.code).to.equal(0)
    const out = lines(run.stdout)
    expect(out).to.have.length(25)
    expect(JSON.parse(out[0]!)).to.have.property('sku')
    expect(JSON.parse(run.stderr)).to.include({docs: 25, expected: 25, complete: true})
  })

  it('gzips when the name ends in .gz', async () => {
    const file = join(f.dir, 'inv.jsonl.gz')
    const run = await cli(['export', 'inventory', ...f.conn, '-o', file, '--quiet'])
    expect(run.code).to.equal(0)
    expect(lines(gunzipSync(await readFile(file)).toString())).to.have.length(DOCS)
  })

  it('exits 3 with a report, never with a silently short file, when pages stay incomplete', async () => {
    failOnePageForGood()
    const file = join(f.dir, 'inv.jsonl')
    const run = await cli(['export', 'inventory', ...f.conn, '-o', file, '--slices', '1'])
    expect(run.code).to.equal(3)
    expect(run.stderr).to.match(/Error: .*incomplete/)
    expect(run.stderr).to.match(/--resume/)
  })

  it('`| head -1` ends promptly with exit 0', async () => {
    const started = Date.now()
    const run = await new Promise<CliRun>((resolve) => {
      execFile('bash', ['-c', `"${bin}" export inventory ${f.conn.join(' ')} --batch-size 100 | head -1; exit \${PIPESTATUS[0]}`], {timeout: 30_000}, (error, stdout, stderr) =>
        resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stdout, stderr}))
    })
    expect(run.code, run.stderr).to.equal(0)
    expect(lines(run.stdout)).to.have.length(1)
    expect(Date.now() - started).to.be.lessThan(10_000)
    expect(f.emulator.state.pits.all(Date.now())).to.have.length(0)
  })

  it('refuses to overwrite an unfinished export unless told to resume or start over', async () => {
    const file = join(f.dir, 'inv.jsonl')
    failOnePageForGood()
    expect((await cli(['export', 'inventory', ...f.conn, '-o', file, '--slices', '1', '--batch-size', '500'])).code).to.equal(3)
    f.emulator.clearFaults()
    const again = await cli(['export', 'inventory', ...f.conn, '-o', file])
    expect(again.code).to.equal(2)
    expect(again.stderr).to.match(/--resume/)
    const resumed = await cli(['export', 'inventory', ...f.conn, '-o', file, '--resume', '--quiet'])
    expect(resumed.code, resumed.stderr).to.equal(0)
    expect(lines(await readFile(file, 'utf8'))).to.have.length(DOCS)
  })
})

describe('aoss export --resume after kill -9', function () {
  this.timeout(180_000)
  let emulator: Emulator
  let dir: string

  before(async () => {
    // Latency makes the run long enough to be killed half-way.
    emulator = await inventoryEmulator({flavour: 'serverless', latencyMs: 40}, DOCS)
    dir = await mkdtemp(join(tmpdir(), 'aoss-resume-'))
  })
  after(async () => {
    await emulator.stop()
    await rm(dir, {recursive: true, force: true})
  })

  for (const output of ['inv.jsonl', 'inv.jsonl.gz']) {
    it(`gives a file identical to an uninterrupted run (${output})`, async () => {
      const args = (file: string) => ['export', 'inventory', '-e', emulator.url, '--auth', 'none', '-o', file, '--slices', '3', '--batch-size', '150', '--checkpoint-every', '0', '--quiet']
      const whole = join(dir, `whole-${output}`)
      expect((await cli(args(whole))).code).to.equal(0)

      const file = join(dir, output)
      const child: ChildProcess = spawn(bin, args(file), {stdio: 'ignore'})
      const exited = new Promise((resolve) => child.once('exit', resolve))
      // Kill once a checkpoint records about a third of the documents.
      for (let i = 0; i < 600; i++) {
        const text = await readFile(checkpointPath(file), 'utf8').catch(() => '')
        if (text && JSON.parse(text).docs >= DOCS / 3) break
        await sleep(10)
      }

      child.kill('SIGKILL')
      await exited
      const checkpoint = JSON.parse(await readFile(checkpointPath(file), 'utf8'))
      expect(checkpoint.docs).to.be.greaterThan(0).and.lessThan(DOCS)

      const resumed = await cli(args(file).concat('--resume'))
      expect(resumed.code, resumed.stderr).to.equal(0)
      expect((await readFile(file)).equals(await readFile(whole))).to.equal(true)
      expect(existsSync(checkpointPath(file))).to.equal(false)
    })
  }
})
