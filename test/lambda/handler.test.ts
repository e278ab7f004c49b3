import {gunzipSync} from 'node:zlib'

import {expect} from 'chai'

import {validateManifest} from '../../src/lib/backup/manifest.js'
import {PREFLIGHT_FILE} from '../../src/lib/s3/preflight.js'
import {type BackupEvent, createHandler, eventInput, type HandlerResult} from '../../src/lambda/handler.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {fakeContext} from '../support/lambda-context.js'
import {type MultipartRecorder, startMultipartRecorder} from '../support/s3.js'

const BUCKET = 'scheduled-backups'

function seedDocs(count: number) {
  return Array.from({length: count}, (_, i) => ({_id: `sku-${String(i).padStart(6, '0')}`, _source: {sku: `SKU-${i}`, price: i % 97, name: `Item ${i}`}}))
}

describe('backup Lambda handler', () => {
  let emulator: Emulator
  let s3: MultipartRecorder
  let env: NodeJS.ProcessEnv

  beforeEach(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', seedDocs(1500), {mappings: {properties: {sku: {type: 'keyword'}}}})
    emulator.seed('orders', seedDocs(120))
    s3 = await startMultipartRecorder()
    await s3.bucket(BUCKET)
    env = {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', OUTPUT_BUCKET: BUCKET, OUTPUT_PREFIX: 'scheduled', INDICES: 'inventory,orders'}
  })

  afterEach(async () => {
    await s3.stop()
    await emulator.stop()
  })

  it('reads a scheduled event from the environment and writes one complete backup per index', async () => {
    const lines: string[] = []
    const handler = createHandler({env, s3: s3.client, log: (line) => lines.push(line), invoke: async () => expect.fail('no continuation expected')})
    const scheduled = {version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-27T20:00:00Z', detail: {}}
    const report = await handler(scheduled, fakeContext({remainingMs: 600_000}))
    expect(report.status).to.equal('complete')
    expect(report.invocation).to.equal(1)
    expect(report.indices.map((i) => [i.index, i.docs, i.status])).to.deep.equal([['inventory', 1500, 'complete'], ['orders', 120, 'complete']])
    const logs = lines.map((line) => JSON.parse(line) as {level: string, msg: string})
    expect(logs.map((l) => l.msg)).to.include.members(['backup.start', 'backup.complete'])
    expect(logs.every((l) => typeof l.level === 'string')).to.equal(true)
  })

  it('with a tiny time budget continues across invocations and ends complete and duplicate-free', async () => {
    const queue: BackupEvent[] = []
    const invoked: string[] = []
    const handler = createHandler({
      env,
      s3: s3.client,
      log: () => {},
      invoke: async (arn, event) => {
        invoked.push(arn)
        // Through JSON, as Lambda delivers it.
        queue.push(JSON.parse(JSON.stringify(event)) as BackupEvent)
      },
    })
    // Each invocation may read two pages of 200 before the budget "runs out".
    const budgetContext = () => {
      let asked = 0
      return fakeContext({remainingMs: () => (asked++ < 2 ? 900_000 : 1000)})
    }

    const reports: HandlerResult[] = []
    reports.push(await handler({batchSize: 200, deadlineMarginMs: 5000}, budgetContext()))
    while (queue.length > 0) reports.push(await handler(queue.shift(), budgetContext()))

    expect(reports.length).to.be.greaterThanOrEqual(3)
    expect(reports.slice(0, -1).every((r) => r.status === 'paused' && r.continuedAt?.startsWith(`s3://${BUCKET}/`))).to.equal(true)
    expect(reports.map((r) => r.invocation)).to.deep.equal(reports.map((_, i) => i + 1))
    expect(new Set(invoked)).to.have.length(1)
    const last = reports.at(-1)!
    expect(last.status).to.equal('complete')
    expect(last.continuedAt).to.equal(undefined)
    expect(last.docs).to.equal(1620)

    const dir = `scheduled/inventory/${last.stamp}/`
    const manifest = validateManifest(JSON.parse(s3.state.objects.get(`${BUCKET}/${dir}manifest.json`)!.body.toString()))
    const ids: string[] = []
    for (const chunk of manifest.indices[0].chunks) {
      const text = gunzipSync(s3.state.objects.get(`${BUCKET}/${chunk.key}`)!.body).toString()
      for (const line of text.trim().split('\n')) ids.push((JSON.parse(line) as {_id: string})._id)
    }

    expect(ids).to.have.length(1500)
    expect(new Set(ids).size).to.equal(1500)
    expect([...ids].sort()).to.deep.equal(seedDocs(1500).map((d) => d._id))
    // The checkpoints are gone once the manifests supersede them.
    expect([...s3.state.objects.keys()].filter((k) => k.endsWith('checkpoint.json'))).to.deep.equal([])
    // Every chunk upload completed; the one write check before the first read was aborted, and only on invocation 1.
    const [checks, chunks] = partition([...s3.state.uploads.values()], (u) => u.key.endsWith(PREFLIGHT_FILE))
    expect(chunks.every((u) => u.completed)).to.equal(true)
    expect(checks.map((u) => u.aborted)).to.deep.equal([true])
  })

  it('fails with a logged one-line error and no manifest when the index is missing', async () => {
    const lines: string[] = []
    const handler = createHandler({env: {...env, INDICES: 'nosuch'}, s3: s3.client, log: (line) => lines.push(line)})
    const error = await handler({}, fakeContext({remainingMs: 60_000})).then(() => undefined, (e: unknown) => e)
    expect((error as {code?: string}).code).to.equal('INDEX_NOT_FOUND')
    const failed = lines.map((l) => JSON.parse(l) as {msg: string, level: string, code?: string}).find((l) => l.msg === 'backup.failed')
    expect(failed?.level).to.equal('error')
    expect(failed?.code).to.equal('INDEX_NOT_FOUND')
    expect([...s3.state.objects.keys()]).to.deep.equal([])
  })

  it('takes JSON input over the environment and accepts a comma list or an array', () => {
    expect(eventInput({indices: ['a'], bucket: 'b'})).to.deep.equal({indices: ['a'], bucket: 'b'})
    expect(eventInput('{"indices":"a,b"}')).to.deep.equal({indices: 'a,b'})
    expect(eventInput({source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {prefix: 'x'}})).to.deep.equal({prefix: 'x'})
    expect(eventInput(undefined)).to.deep.equal({})
  })
})

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))]
}
