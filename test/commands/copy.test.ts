import {expect} from 'chai'
import {once} from 'node:events'
import {existsSync} from 'node:fs'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {AossCommand} from '../../src/cli/base-command.js'
import type {CopyReport} from '../../src/lib/copy/run.js'
import type {StandInServer} from '../support/aws-control/http.js'
import {startStsStandIn} from '../support/aws-control/sts.js'
import {aoss, spawnCli} from '../support/cli.js'
import {generateInventory, inventoryMappings} from '../support/data/inventory.js'
import {type Emulator, type EmulatorOptions, startEmulator} from '../support/emulator/index.js'

const FAST = {maxRetries: 6, baseMs: 1, capMs: 5, maxRetryAfterMs: 10}
const BASE = {accessKeyId: 'AKIDOPS', secretAccessKey: 'ops-secret'}
const ROLE_ARN = 'arn:aws:iam::210987654321:role/dr-writer'
const ROLE_KEYS = {accessKeyId: 'ASIADR', secretAccessKey: 'dr-secret', sessionToken: 'dr-token'}

const inventory = (count: number) => [...generateInventory(count)].map((doc) => ({_id: doc._id, _source: doc._source}))
const sortedIds = (emulator: Emulator, index: string) => [...(emulator.state.indices.get(index)?.docs.keys() ?? [])].sort()

describe('aoss copy between two emulators', function () {
  this.timeout(120_000)
  let dir: string
  const running: Emulator[] = []

  before(() => {
    AossCommand.clientOverrides = {retry: FAST}
  })

  after(() => {
    AossCommand.clientOverrides = undefined
  })

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aoss-copy-'))
  })

  afterEach(async () => {
    for (const emulator of running.splice(0)) await emulator.stop()
    await rm(dir, {recursive: true, force: true})
  })

  async function emulator(options: EmulatorOptions): Promise<Emulator> {
    const started = await startEmulator(options)
    running.push(started)
    return started
  }

  const files = () => ['--checkpoint', join(dir, 'copy.checkpoint.json'), '--dead-letter', join(dir, 'refused.ndjson')]
  const copy = (source: Emulator, target: Emulator, ...extra: string[]) =>
    aoss<CopyReport>(['copy', 'inventory', '-e', source.url, '--auth', 'none', '--to-endpoint', target.url, '--to-auth', 'none', ...files(), '--json', ...extra])

  it('moves a domain index into a Serverless search collection with its mappings, the settings it accepts and its aliases', async () => {
    const source = await emulator({flavour: 'managed'})
    const target = await emulator({flavour: 'serverless'})
    const created = await fetch(`${source.url}/inventory`, {method: 'PUT', headers: {'content-type': 'application/json'}, body: JSON.stringify({settings: {index: {number_of_shards: 3, number_of_replicas: 1, refresh_interval: '5s'}}, mappings: inventoryMappings, aliases: {shop: {}}})})
    expect(created.status).to.equal(200)
    source.seed('inventory', inventory(2500))

    const {result, error} = await copy(source, target, '--create-index', '--slices', '3', '--batch-size', '300')
    expect(error).to.equal(undefined)
    expect(result).to.deep.include({read: 2500, written: 2500, deadLettered: 0, complete: true, resumed: false})
    expect(result!.warnings.join('\n')).to.match(/left out settings serverless refuses: .*number_of_shards/)
    expect(sortedIds(target, 'inventory')).to.deep.equal(sortedIds(source, 'inventory'))
    const copied = target.state.indices.get('inventory')!
    expect(copied.mappings).to.deep.include({properties: source.state.indices.get('inventory')!.mappings.properties})
    expect([...copied.aliases.keys()]).to.deep.equal(['shop'])
    expect(JSON.stringify(copied.settings)).to.match(/refresh_interval":"5s"/).and.not.contain('number_of_shards')
    expect(existsSync(join(dir, 'copy.checkpoint.json')), 'a finished copy leaves no checkpoint').to.equal(false)
  })

  it('moves a Serverless collection index into a domain, documents byte for byte', async () => {
    const source = await emulator({flavour: 'serverless'})
    const target = await emulator({flavour: 'managed'})
    source.seed('inventory', inventory(1200))
    source.seed('inventory', [{_id: 'exact', _source: {n: 1}}])
    // Digits beyond a double's precision and trailing zeros survive only if the text is never re-serialised.
    await fetch(`${source.url}/inventory/_doc/exact`, {method: 'PUT', headers: {'content-type': 'application/json'}, body: '{"n":12345678901234567890,"p":1.50}'})
    const {result, error} = await copy(source, target, '--to-index', 'inventory-copy')
    expect(error).to.equal(undefined)
    expect(result).to.deep.include({written: 1201, complete: true})
    expect(sortedIds(target, 'inventory-copy')).to.deep.equal(sortedIds(source, 'inventory'))
    expect(target.state.indices.get('inventory-copy')!.docs.get('exact')!.sourceJson).to.equal('{"n":12345678901234567890,"p":1.50}')
  })

  it('into a time-series collection: ids assigned by the target, the source _id kept in --id-field', async () => {
    const source = await emulator({flavour: 'managed'})
    const target = await emulator({flavour: 'serverless', collectionType: 'timeseries'})
    source.seed('inventory', inventory(600))
    const {result, error} = await copy(source, target, '--id-mode', 'auto', '--id-field', 'source_id')
    expect(error).to.equal(undefined)
    expect(result).to.deep.include({written: 600, idsDropped: true, idField: 'source_id', complete: true})
    const stored = [...target.state.indices.get('inventory')!.docs.values()]
    expect(stored.map((doc) => (doc.source as {source_id: string}).source_id).sort()).to.deep.equal(sortedIds(source, 'inventory'))
    expect(stored.some((doc) => doc.id === (doc.source as {source_id: string}).source_id)).to.equal(false)
  })

  it('rides out faults on both sides: resets and partial-shard pages on the source, 429 storms on the target', async () => {
    const source = await emulator({flavour: 'managed'})
    const target = await emulator({flavour: 'serverless'})
    source.seed('inventory', inventory(3000))
    source.addFault({route: 'search', nth: 2, fault: {type: 'reset-mid-body'}})
    source.addFault({route: 'search', nth: 4, fault: {type: 'shards-failed'}})
    source.addFault({route: 'search', nth: 6, fault: {type: 'status', status: 429, retryAfter: 0}})
    target.addFault({route: 'bulk', times: 8, fault: {type: 'bulk-item-status', status: 429, everyNthItem: 2}})
    target.addFault({route: 'bulk', nth: 12, fault: {type: 'status', status: 429, retryAfter: 0}})
    const {result, error} = await copy(source, target, '--batch-size', '250', '--batch-bytes', '256KiB', '--slices', '2')
    expect(error).to.equal(undefined)
    expect(result).to.deep.include({written: 3000, deadLettered: 0, complete: true})
    expect(result!.retried).to.be.greaterThan(0)
    expect(result!.adaptive.lowestConcurrency).to.be.lessThan(4)
    expect(sortedIds(target, 'inventory')).to.deep.equal(sortedIds(source, 'inventory'))
  })

  it('a target outage mid-copy ends with exit 3 and a checkpoint; --resume completes with every id once', async () => {
    const source = await emulator({flavour: 'managed'})
    const target = await emulator({flavour: 'managed'})
    source.seed('inventory', inventory(2000))
    // After four good requests the target answers 503 to everything, past every retry.
    for (let n = 5; n < 400; n++) target.addFault({route: 'bulk', nth: n, fault: {type: 'status', status: 503}})
    const first = await copy(source, target, '--batch-size', '100', '--batch-docs', '100', '--concurrency', '1', '--checkpoint-every', '0', '--max-retries', '1')
    expect(first.error?.oclif?.exit).to.equal(3)
    expect(JSON.parse(first.stdout).error.message).to.match(/documents were written in this run before it stopped/)
    const checkpoint = JSON.parse(await readFile(join(dir, 'copy.checkpoint.json'), 'utf8')) as {docs: number}
    expect(checkpoint.docs).to.be.greaterThan(0).and.lessThan(2000)

    target.clearFaults()
    const second = await copy(source, target, '--resume')
    expect(second.error).to.equal(undefined)
    expect(second.result).to.deep.include({resumed: true, resumedDocs: checkpoint.docs, complete: true})
    expect(second.result!.written).to.equal(2000 - checkpoint.docs)
    expect(sortedIds(target, 'inventory')).to.deep.equal(sortedIds(source, 'inventory'))
  })

  it('resumes after kill -9: every id exactly once on a target that keeps ids', async () => {
    const source = await emulator({flavour: 'managed', latencyMs: 20})
    const target = await emulator({flavour: 'serverless', latencyMs: 20})
    source.seed('inventory', inventory(6000))
    const checkpointFile = join(dir, 'copy.checkpoint.json')
    const child = spawnCli(['copy', 'inventory', '-e', source.url, '--auth', 'none', '--to-endpoint', target.url, '--to-auth', 'none', ...files(), '--batch-size', '100', '--batch-docs', '100', '--concurrency', '1', '--checkpoint-every', '0'])
    const exited = once(child, 'exit')
    let acknowledged = 0
    while (acknowledged < 1000) {
      await sleep(25)
      if (child.exitCode !== null) throw new Error('the copy ended before it could be killed')
      acknowledged = existsSync(checkpointFile) ? (JSON.parse(await readFile(checkpointFile, 'utf8').catch(() => '{"docs":0}')) as {docs: number}).docs : 0
    }

    child.kill('SIGKILL')
    const [, signal] = await exited
    expect(signal).to.equal('SIGKILL')
    const writtenBefore = target.state.indices.get('inventory')!.docs.size
    expect(writtenBefore).to.be.lessThan(6000)

    const {result, error} = await copy(source, target, '--resume')
    expect(error).to.equal(undefined)
    expect(result!.resumedDocs).to.be.at.least(1000)
    expect(result!.resumedDocs + result!.written).to.equal(6000)
    expect(sortedIds(target, 'inventory')).to.deep.equal(sortedIds(source, 'inventory'))
  })

  describe('across accounts (--to-role-arn)', () => {
    let sts: StandInServer
    const saved: Record<string, string | undefined> = {}
    const setEnv = (values: Record<string, string | undefined>) => {
      for (const [name, value] of Object.entries(values)) {
        if (!(name in saved)) saved[name] = process.env[name]
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }

    before(async () => {
      sts = await startStsStandIn({principals: [{accessKeyId: BASE.accessKeyId, arn: 'arn:aws:iam::123456789012:user/ops'}], roles: [{roleArn: ROLE_ARN, credentials: ROLE_KEYS}]})
      // The base credentials come from the standard chain, as on a user's machine.
      setEnv({AOSS_STS_ENDPOINT: sts.url, AWS_ACCESS_KEY_ID: BASE.accessKeyId, AWS_SECRET_ACCESS_KEY: BASE.secretAccessKey, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined})
    })

    after(async () => {
      setEnv(saved)
      await sts.stop()
    })

    it('writes with the keys of the assumed role into a collection that accepts only them', async () => {
      const source = await emulator({flavour: 'managed'})
      const target = await emulator({flavour: 'serverless', auth: {mode: 'sigv4', region: 'us-west-2', credentials: ROLE_KEYS}})
      source.seed('inventory', inventory(500))
      const sign = ['--to-auth', 'sigv4', '--to-region', 'us-west-2', '--to-service', 'aoss']
      const base = ['copy', 'inventory', '-e', source.url, '--auth', 'none', '--to-endpoint', target.url, ...sign, ...files(), '--json']

      const refused = await aoss(base)
      expect(refused.error?.oclif?.exit, 'the base keys are refused').to.equal(4)
      expect(JSON.parse(refused.stdout).error.code).to.equal('FORBIDDEN')

      const {result, error, stdout} = await aoss<CopyReport>([...base, '--force', '--to-role-arn', ROLE_ARN])
      expect(error, stdout).to.equal(undefined)
      expect(result).to.deep.include({written: 500, complete: true})
      expect(sortedIds(target, 'inventory')).to.deep.equal(sortedIds(source, 'inventory'))
      expect((sts as unknown as {calls: Record<string, number>}).calls.AssumeRole).to.equal(1)
    })
  })
})
