/**
 * The backup state machine run through its real definition (aws-local-stepfunctions), every Task state calling the
 * Lambda's step handler in-process, against the emulator and the multipart-recording S3 stand-in. Invocations
 * pause after one page, so every slice continues several times.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand} from '@aws-sdk/client-s3'
import {expect} from 'chai'

import {AossCommand} from '../../src/cli/base-command.js'
import {planKey, sliceCheckpointKey, sliceChunkKey} from '../../src/lib/backup/layout.js'
import {PREFLIGHT_FILE} from '../../src/lib/s3/preflight.js'
import type {CommitOutput, IndexPlanFile, SliceCheckpoint, StepEvent} from '../support/fanout-types.js'
import {aoss} from '../support/cli.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {chunkLines, objectText, onePagePerInvocation, readManifest, seedDocs} from '../support/fanout.js'
import {type LocalRun, runLocalStateMachine} from '../support/local-state-machine.js'
import {type MultipartRecorder, S3_CREDENTIALS, startMultipartRecorder} from '../support/s3.js'

const BUCKET = 'fanout-backups'
const SIZES = {alpha: 400, beta: 250, gamma: 90}
const FAST_RETRY = {retry: {maxRetries: 2, baseMs: 1, capMs: 2, maxRetryAfterMs: 5}}

describe('backup state machine (local execution of backup.asl.json)', function () {
  this.timeout(60_000)
  let emulator: Emulator
  let s3: MultipartRecorder
  let env: NodeJS.ProcessEnv
  const job = {indices: Object.keys(SIZES), bucket: BUCKET, prefix: 'fanout', batchSize: 10, sliceDocs: 50, maxSlices: 8, maxConcurrency: 4, deadlineMarginMs: 1000}

  beforeEach(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    for (const [index, count] of Object.entries(SIZES)) emulator.seed(index, seedDocs(index, count), {mappings: {properties: {name: {type: 'text'}}}})
    s3 = await startMultipartRecorder()
    await s3.bucket(BUCKET)
    env = {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', AWS_REGION: 'us-east-1'}
  })

  afterEach(async () => {
    await s3.stop()
    await emulator.stop()
  })

  const run = (options: Partial<Parameters<typeof runLocalStateMachine>[0]> = {}): Promise<LocalRun> =>
    runLocalStateMachine({input: job, env, s3: s3.client, clientOverrides: FAST_RETRY, context: onePagePerInvocation, retryWaitMs: 0, ...options})

  const keys = () => [...s3.state.objects.values()].filter((o) => o.bucket === BUCKET).map((o) => o.key)
  const openUploads = () => [...s3.state.uploads.values()].filter((u) => !u.aborted && !u.completed)
  const livePits = () => emulator.state.pits.all(Date.now())

  /** Every document of every index, read back from the manifests' chunks: id → times seen. */
  async function backedUp(result: CommitOutput): Promise<Map<string, number>> {
    const seen = new Map<string, number>()
    for (const uri of result.manifests) {
      const manifest = await readManifest(s3.client, BUCKET, uri.slice(`s3://${BUCKET}/`.length))
      for (const chunk of manifest.indices[0]!.chunks) {
        for (const line of (await chunkLines(s3.client, BUCKET, chunk.key)).toString('utf8').trim().split('\n')) {
          const id = (JSON.parse(line) as {_id: string})._id
          seen.set(id, (seen.get(id) ?? 0) + 1)
        }
      }
    }

    return seen
  }

  function expectEveryIdOnce(seen: Map<string, number>): void {
    const expected = Object.entries(SIZES).flatMap(([index, count]) => seedDocs(index, count).map((doc) => doc._id))
    expect([...seen.keys()].sort()).to.deep.equal(expected.sort())
    expect([...seen.values()].every((n) => n === 1)).to.equal(true)
  }

  it('3 indices × up to 8 slices, each continuing at least twice: one complete manifest per index, every id once, PITs closed', async () => {
    const result = await run()
    expect(result.status, `${result.error}: ${result.cause}`).to.equal('SUCCEEDED')
    const output = result.output as unknown as CommitOutput
    expect(output.indices.map((i) => [i.index, i.docs, i.expected, i.slices])).to.deep.equal([['alpha', 400, 400, 8], ['beta', 250, 250, 5], ['gamma', 90, 90, 2]])

    // Per slice: how many invocations it took (every one pauses after a page).
    const perSlice = new Map<string, number>()
    for (const event of result.events) if (event.task === 'slice') perSlice.set(`${event.item.index}/${event.item.slice}`, (perSlice.get(`${event.item.index}/${event.item.slice}`) ?? 0) + 1)
    expect(perSlice.size).to.equal(15)
    expect(Math.min(...perSlice.values())).to.be.at.least(3)

    expectEveryIdOnce(await backedUp(output))
    expect(keys().filter((key) => /checkpoint/.test(key))).to.deep.equal([])
    expect(keys().filter((key) => key.endsWith('manifest.json'))).to.have.length(3)
    expect(livePits()).to.deep.equal([])
    expect(openUploads()).to.deep.equal([])
  })

  it('writes chunks byte-equal to aoss export in the same order, that backup verify accepts and restore gives back', async () => {
    const result = await run()
    expect(result.status, `${result.error}: ${result.cause}`).to.equal('SUCCEEDED')
    const output = result.output as unknown as CommitOutput
    const alpha = output.indices.find((i) => i.index === 'alpha')!
    const manifest = await readManifest(s3.client, BUCKET, alpha.manifest.slice(`s3://${BUCKET}/`.length))
    expect(manifest.indices[0]!.chunks.map((c) => c.key.split('/').at(-1))).to.deep.equal(
      [...manifest.indices[0]!.chunks.map((c) => c.key.split('/').at(-1)!)].sort(),
    )

    const dir = await mkdtemp(join(tmpdir(), 'aoss-fanout-'))
    const saved = {id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY}
    process.env.AWS_ACCESS_KEY_ID = S3_CREDENTIALS.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = S3_CREDENTIALS.secretAccessKey
    AossCommand.clientOverrides = FAST_RETRY
    try {
      const on = ['-e', emulator.url, '--auth', 'none']
      // --slices 4, as auto once meant: each of the Plan's 8 slices is then inside one of export's 4, in its order.
      const exported = await aoss(['export', 'alpha', '--tiebreaker', '_id', '--slices', '4', '-o', join(dir, 'alpha.ndjson'), ...on])
      expect(exported.error, exported.stderr).to.equal(undefined)
      const lines = (await readFile(join(dir, 'alpha.ndjson'), 'utf8')).trim().split('\n')
      const lineOf = new Map(lines.map((line) => [(JSON.parse(line) as {_id: string})._id, line]))
      // Per slice: its chunks, decompressed and joined, are exactly export's lines for its documents, in export's order.
      for (let slice = 0; slice < alpha.slices; slice++) {
        const prefix = `part-${String(slice).padStart(3, '0')}-`
        const bytes = Buffer.concat(await Promise.all(manifest.indices[0]!.chunks.filter((c) => c.key.split('/').at(-1)!.startsWith(prefix)).map((c) => chunkLines(s3.client, BUCKET, c.key))))
        const ids = bytes.toString('utf8').trim().split('\n').map((line) => (JSON.parse(line) as {_id: string})._id)
        const fromExport = lines.filter((line) => ids.includes((JSON.parse(line) as {_id: string})._id))
        expect(bytes.equals(Buffer.from(`${fromExport.join('\n')}\n`)), `slice ${slice}`).to.equal(true)
        expect(ids.every((id) => lineOf.has(id))).to.equal(true)
      }

      for (const uri of output.manifests) {
        const verified = await aoss(['backup', 'verify', uri, '--s3-endpoint', s3.endpoint, '--json'])
        expect(verified.error, verified.stdout + verified.stderr).to.equal(undefined)
        expect(JSON.parse(verified.stdout)).to.include({ok: true, failed: 0})
      }

      const restored = await aoss(['restore', alpha.manifest, '--index', 'alpha-copy', '--create-index', '--s3-endpoint', s3.endpoint, '--json', ...on])
      expect(restored.error, restored.stdout + restored.stderr).to.equal(undefined)
      expect(JSON.parse(restored.stdout)).to.deep.include({written: 400, failed: 0, complete: true})
      const copy = await aoss(['export', 'alpha-copy', '--tiebreaker', '_id', '--slices', '4', '-o', join(dir, 'copy.ndjson'), ...on])
      expect(copy.error, copy.stderr).to.equal(undefined)
      const pairs = (text: string) => text.trim().split('\n').map((line) => {
        const hit = JSON.parse(line) as {_id: string, _source: unknown}
        return JSON.stringify([hit._id, hit._source])
      })
      expect(pairs(await readFile(join(dir, 'copy.ndjson'), 'utf8'))).to.deep.equal(pairs(lines.join('\n')))
    } finally {
      AossCommand.clientOverrides = undefined
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID
      else process.env.AWS_ACCESS_KEY_ID = saved.id
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('a slice that fails after its retries: the execution fails, Abort leaves no manifest, no object, no open upload, no PIT', async () => {
    let failures = 0
    const result = await run({
      input: {...job, maxConcurrency: 1},
      async beforeTask(event: StepEvent) {
        // The last item (so nothing else is queued behind it) dies on its third invocation, every time, as a
        // Lambda killed at its hard timeout would: with a multipart upload it had started left open.
        if (event.task !== 'slice' || event.item.index !== 'gamma' || event.item.slice !== 1 || (event.invocation ?? 0) < 2) return
        failures++
        const key = sliceChunkKey(event.item.dir, 1, 9)
        const {UploadId} = await s3.client.send(new CreateMultipartUploadCommand({Bucket: BUCKET, Key: key}))
        await s3.client.send(new UploadPartCommand({Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(1024)}))
        throw Object.assign(new Error('the function timed out'), {name: 'aoss.UNEXPECTED'})
      },
    })
    expect(result.status).to.equal('FAILED')
    expect(result.error).to.equal('aoss.UNEXPECTED')
    expect(failures).to.equal(4) // the first attempt and the definition's three retries
    expect(result.invocations.abort).to.equal(1)
    expect(result.invocations.commit ?? 0).to.equal(0)
    expect(keys()).to.deep.equal([])
    expect(openUploads()).to.deep.equal([])
    // The four failed slice attempts, and the Plan step's write check before anything was read.
    const aborted = [...s3.state.uploads.values()].filter((u) => u.aborted)
    expect(aborted.filter((u) => !u.key.endsWith(PREFLIGHT_FILE))).to.have.length(4)
    expect(aborted.filter((u) => u.key.endsWith(PREFLIGHT_FILE))).to.have.length(1)
    expect(livePits()).to.deep.equal([])
  })

  it('Commit refuses when the documents stored do not add up to the count under the PIT: no manifest', async () => {
    const result = await run({
      async beforeTask(event: StepEvent) {
        if (event.task !== 'commit') return
        // One document more than the slices stored: as if one had been lost between the slices and the commit.
        const dir = event.plan.indices.find((i) => i.index === 'beta')!.dir
        const plan = JSON.parse((await objectText(s3.client, BUCKET, planKey(dir))).toString('utf8')) as IndexPlanFile
        await s3.client.send(new PutObjectCommand({Bucket: BUCKET, Key: planKey(dir), Body: JSON.stringify({...plan, expected: plan.expected + 1})}))
      },
    })
    expect(result.status).to.equal('FAILED')
    expect(result.error).to.equal('aoss.INCOMPLETE')
    expect(result.cause).to.match(/beta: the slices stored 250 documents but the index held 251/)
    expect(keys().filter((key) => key.endsWith('manifest.json'))).to.deep.equal([])
    expect(livePits()).to.deep.equal([])
  })

  it('a slice that finds its point in time expired reopens one and still stores every document exactly once', async () => {
    // Plan makes 18 searches (counts); the 25th and 60th searches are slice pages that find the PIT gone.
    emulator.addFault({route: 'search', nth: 25, fault: {type: 'pit-expired'}})
    emulator.addFault({route: 'search', nth: 60, fault: {type: 'pit-expired'}})
    const result = await run()
    expect(result.status, `${result.error}: ${result.cause}`).to.equal('SUCCEEDED')
    expect(emulator.counters['pit.create']).to.be.greaterThan(3)
    expectEveryIdOnce(await backedUp(result.output as unknown as CommitOutput))
    expect(livePits()).to.deep.equal([])
  })

  it('429 storms on the collection slow the run (client retries, then the definition\'s) without losing a document', async () => {
    emulator.addFault({route: 'search', every: 4, fault: {type: 'status', status: 429}})
    // A burst longer than the client's retries: the slice fails as aoss.THROTTLED and the state machine retries it.
    // Up to 4 slices read at once, so between two attempts of one slice at most 3 other searches arrive: twelve in a
    // row (3 attempts × 4 readers) always exhaust one slice's retries, however the slices interleave.
    for (let nth = 40; nth < 52; nth++) emulator.addFault({route: 'search', nth, fault: {type: 'status', status: 429}})
    const result = await run()
    expect(result.status, `${result.error}: ${result.cause}`).to.equal('SUCCEEDED')
    const attempts = new Map<string, number>()
    for (const event of result.events) {
      if (event.task !== 'slice') continue
      const id = `${event.item.index}/${event.item.slice}/${event.invocation ?? 0}`
      attempts.set(id, (attempts.get(id) ?? 0) + 1)
    }

    expect(Math.max(...attempts.values()), 'an invocation retried by the state machine').to.be.greaterThan(1)
    expectEveryIdOnce(await backedUp(result.output as unknown as CommitOutput))
    expect(livePits()).to.deep.equal([])
  })

  it('keeps each slice\'s checkpoint beside the backup while it runs', async () => {
    let seen: SliceCheckpoint | undefined
    await run({
      async beforeTask(event: StepEvent) {
        if (event.task !== 'commit' || seen) return
        const dir = event.plan.indices[0]!.dir
        seen = JSON.parse((await objectText(s3.client, BUCKET, sliceCheckpointKey(dir, 0))).toString('utf8')) as SliceCheckpoint
      },
    })
    expect(seen?.kind).to.equal('aoss-slice-checkpoint')
    expect(seen?.backup.indices[0]!.status).to.equal('done')
    expect(seen?.invocations).to.be.at.least(3)
  })
})
