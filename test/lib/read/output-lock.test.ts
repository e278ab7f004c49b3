import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {AossError} from '../../../src/lib/errors.js'
import {runExport} from '../../../src/lib/read/export.js'
import {lockOutput, lockPathOf} from '../../../src/lib/read/output-lock.js'
import type {Emulator} from '../../support/emulator/index.js'
import {fastClient, inventoryEmulator} from '../../support/reader-helpers.js'

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid
}

describe('the lock on an export file', () => {
  let dir: string
  let emulator: Emulator
  before(async () => {
    emulator = await inventoryEmulator({flavour: 'serverless'}, 20)
  })
  after(() => emulator.stop())
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aoss-lock-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('refuses a second writer, naming the first by pid and start time, and is free again once released', async () => {
    const output = join(dir, 'out.jsonl')
    const first = await lockOutput(output)
    const holder = JSON.parse(readFileSync(first.path, 'utf8'))
    const error = await lockOutput(output).then(() => expect.fail('expected a refusal'), (e: AossError) => e)
    expect(error.exitCode).to.equal(2)
    expect(error.message).to.contain(`pid ${process.pid}`).and.contain(holder.startedAt)
    expect(error.hints.join(' ')).to.contain('--force does not override')
    await first.release()
    expect(existsSync(first.path)).to.equal(false)
    const again = await lockOutput(output)
    await again.release()
  })

  it('finds the same lock through a symlink to the file', async () => {
    const output = join(dir, 'real.jsonl')
    writeFileSync(output, '')
    symlinkSync(output, join(dir, 'link.jsonl'))
    const first = await lockOutput(output)
    const error = await lockOutput(join(dir, 'link.jsonl')).catch((e: AossError) => e)
    await first.release()
    expect((error as AossError).exitCode).to.equal(2)
  })

  it('takes over the lock of a process that no longer runs, with a note', async () => {
    const output = join(dir, 'out.jsonl')
    const pid = deadPid()
    writeFileSync(lockPathOf(output), JSON.stringify({pid, host: (await import('node:os')).hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'old'}))
    const lock = await lockOutput(output)
    expect(lock.note).to.contain(`pid ${pid}`).and.contain('no longer runs')
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).to.equal(process.pid)
    await lock.release()
  })

  it('never takes over a lock held on another host', async () => {
    const output = join(dir, 'out.jsonl')
    writeFileSync(lockPathOf(output), JSON.stringify({pid: deadPid(), host: 'elsewhere.invalid', startedAt: '2026-01-01T00:00:00.000Z', token: 'x'}))
    const error = await lockOutput(output).catch((e: AossError) => e)
    expect((error as AossError).message).to.contain('on elsewhere.invalid')
  })

  it('runExport --force checks the lock before it reads the checkpoint or truncates the file', async () => {
    const output = join(dir, 'out.jsonl')
    writeFileSync(output, 'written by the running export\n')
    const running = await lockOutput(output)
    emulator.resetCounters()
    const error = await runExport(await fastClient(emulator.url), {index: 'inventory', output, force: true, format: 'source'}).catch((e: AossError) => e)
    await running.release()
    expect((error as AossError).exitCode).to.equal(2)
    expect((error as AossError).message).to.contain(`another export is writing to ${output}: pid ${process.pid}`)
    expect(readFileSync(output, 'utf8')).to.equal('written by the running export\n')
    expect(emulator.counters.total ?? 0).to.equal(0)
  })

  it('a missing folder is reported as the output it is, not as the lock file', async () => {
    const output = join(dir, 'no-such-folder', 'out.jsonl')
    const error = await lockOutput(output).catch((e: AossError) => e)
    expect((error as AossError).exitCode).to.equal(2)
    expect((error as AossError).message).to.equal(`cannot open ${output}: ENOENT`)
  })

  it('is gone after a successful export and after a failed one', async () => {
    const output = join(dir, 'out.jsonl')
    const summary = await runExport(await fastClient(emulator.url), {index: 'inventory', output})
    expect(summary.docs).to.equal(20)
    expect(existsSync(lockPathOf(output))).to.equal(false)
    await runExport(await fastClient(emulator.url), {index: 'missing', output, force: true}).catch(() => {})
    expect(existsSync(lockPathOf(output))).to.equal(false)
  })
})
