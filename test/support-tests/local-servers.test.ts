import {type ChildProcess, execFile, spawn} from 'node:child_process'
import {setTimeout as sleep} from 'node:timers/promises'

import {expect} from 'chai'

import {cli, repoRoot} from '../support/cli.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {startEmulator} from '../support/emulator/index.js'

/** `npm run <script> -- args` as a user types it; resolves with the child once `ready` shows on stdout. */
async function npmRun(script: string, args: string[], ready: RegExp): Promise<{child: ChildProcess, stdout: string}> {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (ready.test(stdout)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`npm run ${script} exited with ${code} before it was ready: ${stdout}`)))
  })
  return {child, stdout}
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url)
    return true
  } catch {
    return false
  }
}

/** Waits (within mocha's timeout) until nothing listens at url any more. */
async function untilGone(url: string): Promise<void> {
  while (await answers(url)) await sleep(100)
}

function node(script: string, args: string[]): Promise<{code: number, stdout: string, stderr: string}> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--no-warnings', script, ...args], {cwd: repoRoot}, (error, stdout, stderr) => {
      resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr})
    })
  })
}

describe('npm run emulator / npm run s3', function () {
  this.timeout(60_000)

  it('emulator --help lists the options and exits 0; an unknown option is one line and exit 2, no stack', async () => {
    const help = await node('test/support/emulator/cli.ts', ['--help'])
    expect(help.code).to.equal(0)
    for (const option of ['--flavour', '--port', '--seed', '--auth', '--latency', '--collection-type']) expect(help.stdout).to.contain(option)
    const bad = await node('test/support/emulator/cli.ts', ['--bogus'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.match(/^emulator: Unknown option '--bogus'/)
    expect(bad.stderr).not.to.match(/\n\s+at /)
  })

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`stopping npm's PID with ${signal} stops the emulator too`, async () => {
      const {child, stdout} = await npmRun('emulator', ['--port', '0'], /http:\/\/127\.0\.0\.1:\d+/)
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)![0]
      expect(await answers(url)).to.equal(true)
      child.kill(signal)
      await untilGone(url)
      expect(await answers(url)).to.equal(false)
    })
  }

  it('s3 --help lists the options', async () => {
    const help = await node('test/support/s3-cli.ts', ['--help'])
    expect(help.code).to.equal(0)
    expect(help.stdout).to.contain('--port').and.to.contain('--bucket')
  })

  it('npm run s3 prints an endpoint, keys and a backup line that works as printed, and stops with npm', async () => {
    const emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', generateInventory(50), {mappings: inventoryMappings})
    const {child, stdout} = await npmRun('s3', ['--port', '0'], /Ctrl-C stops it/)
    try {
      const endpoint = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!
      const keys = /export (AWS_ACCESS_KEY_ID=\S+) (AWS_SECRET_ACCESS_KEY=\S+)/.exec(stdout)!
      const env = Object.fromEntries([keys[1]!, keys[2]!].map((pair) => pair.split('=')))
      const backupLine = /\.\/bin\/run\.js (backup inventory .+)/.exec(stdout)![1]!
      expect(backupLine).to.contain(`--s3-endpoint ${endpoint}`)
      const run = await cli(backupLine.split(' '), {env: {...env, OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none'}})
      expect(run.code, run.stderr).to.equal(0)
      const listed = await cli(/\.\/bin\/run\.js (backup list .+)/.exec(stdout)![1]!.split(' ').concat('--json'), {env: {...env}})
      expect(listed.code, listed.stderr).to.equal(0)
      expect(JSON.parse(listed.stdout).backups).to.have.length(1)
      child.kill('SIGKILL')
      await untilGone(endpoint)
    } finally {
      child.kill('SIGKILL')
      await emulator.stop()
    }
  })
})
