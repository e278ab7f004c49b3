/**
 * Every `--help` example runs, verbatim, against the emulator seeded with the demo data (the inventory index), from a
 * copy of examples/ (the files the examples name). An example either succeeds with a non-empty result or is listed
 * below with the reason it cannot run here.
 */
import {cpSync, existsSync, mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {Config} from '@oclif/core'
import {expect} from 'chai'

import {repoRoot, shell} from '../support/cli.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'

const S3 = 'writes to or reads from an S3 bucket on AWS (the local S3 path: test/support-tests/local-servers.test.ts)'
const AWS_HOST = 'talks to an AWS host name (SigV4, a real collection or domain)'

/** Examples that cannot run against a local emulator, each with why. A stale entry fails the test. */
const SKIPPED: Record<string, string> = {
  'aoss health -e https://abc123.us-east-1.aoss.amazonaws.com': AWS_HOST,
  'aoss doctor -e https://abc123.us-east-1.aoss.amazonaws.com --for export --index inventory': AWS_HOST,
  'aoss doctor --for backup --index inventory --bucket my-backups --write-check': S3,
  'aoss doctor --for restore --index inventory --role-arn arn:aws:iam::123456789012:role/restore': 'assumes an IAM role through AWS STS',
  'aoss doc put inventory --interactive': 'needs a terminal (an interactive form)',
  'aoss export inventory -o inventory.jsonl --resume   # after a crash or Ctrl-C': 'needs an interrupted export (its checkpoint); resuming is tested in test/commands/export.test.ts',
  'aoss index delete products': 'asks for confirmation on a terminal; without one it refuses, which the --force example covers',
  "aoss restore s3://my-backups/inventory/2026-11-27T20-00-00Z/manifest.json --index inventory --create-index": S3,
  'gunzip -c dump.json.gz | aoss restore - --index logs --id-mode auto   # time-series collection': 'needs an elasticdump file and a time-series collection',
  'aoss restore restore-inventory-2026-11-27T20-00-00Z.rejected.ndjson --index inventory   # retry the dead letters': 'needs the dead letters of an earlier failed restore',
  'aoss ui': 'starts a long-running web server and opens a browser',
  'aoss ui -e https://abc123.us-east-1.aoss.amazonaws.com --no-open': AWS_HOST,
  'aoss ui --port 8765 --bucket my-backups --prefix nightly': 'starts a long-running web server',
}
const WHOLE_COMMANDS_SKIPPED: Record<string, string> = {
  backup: S3,
  'backup list': S3,
  'backup verify': S3,
  copy: 'copies to a second cluster on AWS (copy is tested against two emulators in test/commands/copy*.test.ts)',
}

/** Examples whose right answer on healthy demo data is no output at all. */
const SILENT_WHEN_HEALTHY: Record<string, string> = {
  "aoss doctor --for export --json | jq '.checks[] | select(.status==\"fail\")'   # CI": 'prints only failed checks; on the emulator none fail',
}

/** Commands run in this order, so that what an example needs exists: export writes the file restore reads, etc. */
const ORDER = ['health', 'index list', 'index get', 'index create', 'index delete', 'doc get', 'doc put', 'search', 'count', 'export', 'restore', 'doctor', 'doc delete', 'ui', 'backup', 'backup list', 'backup verify', 'copy']

interface Example {
  command: string
  line: string
}

async function helpExamples(): Promise<Example[]> {
  // As @oclif/test does: outside production, oclif reads the commands from src/ (through tsx), not from dist/.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'test'
  const config = await Config.load({root: repoRoot}).finally(() => {
    process.env.NODE_ENV = nodeEnv
  })
  const ours = config.commands.filter((c) => c.pluginName === 'aoss' || c.pluginName === '@aoss/plugin-ui')
  const ids = ours.map((c) => c.id.replaceAll(':', ' '))
  expect([...ids].sort(), 'every command has a place in ORDER').to.deep.equal([...ORDER].sort())
  const examples: Example[] = []
  for (const command of ORDER) {
    const loaded = ours.find((c) => c.id.replaceAll(':', ' ') === command)!
    for (const example of loaded.examples ?? []) {
      const text = typeof example === 'string' ? example : example.command
      examples.push({command, line: text.replaceAll('<%= config.bin %>', 'aoss').replaceAll('<%= command.id %>', command)})
    }
  }

  return examples
}

/** Nothing printed, a zero count, "0 hits …", or an empty JSON list: what a query on fields that do not exist gives. */
function emptyResult(stdout: string): boolean {
  const text = stdout.trim()
  return text === '' || text === '[]' || /^0(\s|$)/.test(text)
}

/** The file an example writes its result to (`> f` or `-o f`), when it does not print it. */
function outputFile(line: string): string | undefined {
  return (/(?:^|\s)(?:>|-o)\s+(\S+)/.exec(line.replace(/\s+#.*$/, '')))?.[1]
}

describe('help examples on the demo data', function () {
  this.timeout(120_000)
  let emulator: Emulator
  let work: string
  let examples: Example[]

  before(async () => {
    examples = await helpExamples()
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', generateInventory(3000), {mappings: inventoryMappings})
    work = mkdtempSync(join(tmpdir(), 'aoss-examples-'))
    cpSync(join(repoRoot, 'examples'), work, {recursive: true})
  })
  after(async () => {
    await emulator?.stop()
    if (work) rmSync(work, {recursive: true, force: true})
  })

  it('lists a reason for every example it does not run, and no stale ones', () => {
    const lines = new Set(examples.map((e) => e.line))
    for (const line of [...Object.keys(SKIPPED), ...Object.keys(SILENT_WHEN_HEALTHY)]) expect(lines.has(line), `skip list names a missing example: ${line}`).to.equal(true)
    for (const command of Object.keys(WHOLE_COMMANDS_SKIPPED)) expect(examples.some((e) => e.command === command), command).to.equal(true)
  })

  it('runs every other example successfully with a non-empty result', async () => {
    const ran: string[] = []
    const failures: string[] = []
    for (const {command, line} of examples) {
      if (SKIPPED[line] || WHOLE_COMMANDS_SKIPPED[command]) continue
      const run = await shell(line, {cwd: work, env: {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', CI: ''}})
      const file = outputFile(line)
      if (run.code !== 0) failures.push(`${line}\n  exit ${run.code}: ${run.stderr.trim()}`)
      else if (file && !(existsSync(join(work, file)) && statSync(join(work, file)).size > 0)) failures.push(`${line}\n  wrote nothing to ${file}`)
      else if (SILENT_WHEN_HEALTHY[line] && run.stdout.trim() !== '') failures.push(`${line}\n  printed ${run.stdout.trim()}`)
      else if (!file && !SILENT_WHEN_HEALTHY[line] && emptyResult(run.stdout)) failures.push(`${line}\n  printed nothing`)
      ran.push(line)
    }

    expect(failures, failures.join('\n')).to.deep.equal([])
    expect(ran.length).to.be.greaterThan(30)
  })
})
