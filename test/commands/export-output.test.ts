import {expect} from 'chai'
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {createReadStream, existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {checkpointPath} from '../../src/lib/read/checkpoint.js'
import {lockPathOf} from '../../src/lib/read/output-lock.js'
import {cli} from '../support/cli.js'
import {exportFixture, lines} from '../support/export-fixture.js'

const DOCS = 3000
const bin = join(process.cwd(), 'bin', 'dev.js')

describe('aoss export -o to devices, pipes and a file another export is writing', function () {
  this.timeout(120_000)
  const f = exportFixture(DOCS, 'aoss-export-out-')

  it('-o /dev/null writes everything and exits 0, with nothing created beside it', async () => {
    const run = await cli(['export', 'inventory', ...f.conn, '-o', '/dev/null'])
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stderr).to.contain(`exported 3,000 of 3,000 docs from inventory to /dev/null`)
    expect(existsSync(checkpointPath('/dev/null'))).to.equal(false)
    expect(existsSync(lockPathOf('/dev/null'))).to.equal(false)
  })

  it('-o /dev/full says the disk is full and exits 3, without a checkpoint or --resume hint', async () => {
    const run = await cli(['export', 'inventory', ...f.conn, '-o', '/dev/full'])
    expect(run.code).to.equal(3)
    expect(run.stderr).to.contain('Error: cannot write to /dev/full: the disk is full (ENOSPC)')
    expect(run.stderr).to.contain('Hint: Free some space')
    expect(run.stderr).not.to.contain('--resume')
    expect(existsSync(checkpointPath('/dev/full'))).to.equal(false)
  })

  it('-o FIFO streams every document to the reader', async () => {
    const fifo = join(f.dir, 'docs.fifo')
    execFileSync('mkfifo', [fifo])
    const chunks: Buffer[] = []
    const reader = new Promise<string>((resolve, reject) => {
      createReadStream(fifo).on('data', (c) => chunks.push(c as Buffer)).on('end', () => resolve(Buffer.concat(chunks).toString())).on('error', reject)
    })
    const run = await cli(['export', 'inventory', ...f.conn, '-o', fifo, '--quiet'])
    expect(run.code, run.stderr).to.equal(0)
    const ids = lines(await reader).map((line) => JSON.parse(line)._id)
    expect(new Set(ids).size).to.equal(DOCS)
    expect(existsSync(checkpointPath(fifo))).to.equal(false)
  })

  it('a second export into a file being written is refused (exit 2) naming the first, --force or not', async () => {
    const file = join(f.dir, 'inv.jsonl')
    // The third page is held until the other two have been refused, so the first export is still running.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    f.emulator.addFault({route: 'search', nth: 4, fault: {type: 'hold', until: held}})
    const first: ChildProcess = spawn(bin, ['export', 'inventory', ...f.conn, '-o', file, '--slices', '1', '--batch-size', '100', '--checkpoint-every', '0', '--quiet'], {stdio: 'ignore'})
    const firstExit = new Promise<number | null>((resolve) => first.once('exit', resolve))
    for (let i = 0; i < 1000; i++) {
      const text = await readFile(checkpointPath(file), 'utf8').catch(() => '')
      if (text && JSON.parse(text).docs > 0) break
      await sleep(10)
    }

    const lock = JSON.parse(await readFile(lockPathOf(file), 'utf8'))
    let second, third
    try {
      second = await cli(['export', 'inventory', ...f.conn, '-o', file, '--force', '--format', 'source'])
      third = await cli(['export', 'inventory', ...f.conn, '-o', file, '--resume'])
      expect(first.exitCode, 'the first export was still running').to.equal(null)
    } finally {
      release()
    }

    expect(second.code).to.equal(2)
    expect(second.stderr).to.contain(`another export is writing to ${file}: pid ${first.pid}, started ${lock.startedAt}`)
    expect(third.code).to.equal(2)
    expect(third.stderr).to.contain(`pid ${first.pid}`)

    expect(await firstExit).to.equal(0)
    const ids = lines(await readFile(file, 'utf8')).map((line) => JSON.parse(line)._id as string)
    expect(ids).to.have.length(DOCS)
    expect(new Set(ids).size).to.equal(DOCS)
    expect(existsSync(lockPathOf(file))).to.equal(false)
  })
})
