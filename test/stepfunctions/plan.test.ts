import {expect} from 'chai'

import type {FanOutSizing} from '../../src/lib/stepfunctions/sizing.js'
import type {PlanOutput} from '../../src/lib/stepfunctions/types.js'
import {createStepHandler} from '../../src/lambda/steps.js'
import {aoss} from '../support/cli.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {seedDocs} from '../support/fanout.js'
import {fakeContext} from '../support/lambda-context.js'
import {type MultipartRecorder, startMultipartRecorder} from '../support/s3.js'

describe('aoss backup --plan', () => {
  let emulator: Emulator
  let s3: MultipartRecorder

  beforeEach(async () => {
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('alpha', seedDocs('alpha', 700))
    emulator.seed('beta', seedDocs('beta', 120))
    s3 = await startMultipartRecorder()
    await s3.bucket('plans')
  })

  afterEach(async () => {
    await s3.stop()
    await emulator.stop()
  })

  it('prints the slices per index that the Plan step makes for the same input, and writes nothing', async () => {
    process.env.SLICE_DOCS = '100'
    const previewed = await aoss(['backup', 'alpha', 'beta', '--plan', '--max-slices', '6', '--max-concurrency', '3', '-e', emulator.url, '--auth', 'none', '--json']).finally(() => {
      delete process.env.SLICE_DOCS
    })
    expect(previewed.error, previewed.stderr).to.equal(undefined)
    const preview = JSON.parse(previewed.stdout) as FanOutSizing
    expect(emulator.counters['pit.create'] ?? 0).to.equal(0)

    const steps = createStepHandler({env: {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', AWS_REGION: 'us-east-1'}, s3: s3.client, log: () => {}})
    const plan = (await steps({task: 'plan', job: {indices: ['alpha', 'beta'], bucket: 'plans', maxSlices: 6, maxConcurrency: 3, sliceDocs: 100}}, fakeContext({remainingMs: 60_000}))) as PlanOutput
    expect(preview.indices.map((i) => [i.index, i.docs, i.slices])).to.deep.equal(plan.indices.map((i) => [i.index, i.docs, i.slices]))
    expect(plan.indices.map((i) => i.slices)).to.deep.equal([6, 2])
    expect(preview.items).to.equal(plan.items.length)
    expect(preview.maxConcurrency).to.equal(plan.maxConcurrency)
  })
})
