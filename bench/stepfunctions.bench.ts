/**
 * Scale model of the fanned-out backup, measured on the emulator: one index cut into 16 slices, backed up by the
 * real state machine (local engine, handlers in-process) at MaxConcurrency 1, 2, 4, 8 and 16, with a per-request
 * latency like a collection's. Prints docs/s, wall time, Lambda busy time (GB-s at 1 GiB) and state transitions.
 *
 *   npm run bench:stepfunctions [-- --docs 160000 --latency 25 --budget 900]
 */
import {parseArgs} from 'node:util'

import {generateInventory, inventoryMappings} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'
import {fakeContext} from '../test/support/lambda-context.js'
import {runLocalStateMachine} from '../test/support/local-state-machine.js'
import {startMultipartRecorder} from '../test/support/s3.js'

const {values} = parseArgs({options: {docs: {type: 'string', default: '160000'}, latency: {type: 'string', default: '25'}, budget: {type: 'string', default: '900'}, concurrency: {type: 'string', default: '1,2,4,8,16'}}})
const docs = Number(values.docs)
const emulator = await startEmulator({flavour: 'serverless', latencyMs: Number(values.latency)})
emulator.seed('inventory', generateInventory(docs), {mappings: inventoryMappings})
const s3 = await startMultipartRecorder()
await s3.bucket('bench')
const env = {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', AWS_REGION: 'us-east-1'}
process.stderr.write(`inventory: ${docs} docs, ${values.latency} ms per request, 16 slices of ~${docs / 16} docs\n`)

const rows = []
for (const concurrency of values.concurrency.split(',').map(Number)) {
  const started = performance.now()
  const run = await runLocalStateMachine({
    input: {indices: ['inventory'], bucket: 'bench', prefix: `c${concurrency}`, batchSize: 1000, sliceDocs: Math.ceil(docs / 16), maxSlices: 16, maxConcurrency: concurrency},
    env,
    s3: s3.client,
    context: () => fakeContext({remainingMs: Number(values.budget) * 1000}),
  })
  const ms = performance.now() - started
  if (run.status !== 'SUCCEEDED') throw new Error(`${run.error}: ${run.cause}`)
  const busy = Object.values(run.busyMs).reduce((a, b) => a + b, 0)
  const slices = run.invocations.slice ?? 0
  // Standard workflow transitions: Plan, Map, Commit (+ start/end) and, per slice invocation, Slice + Choice, + Succeed per item.
  const transitions = 4 + slices * 2 + 16
  rows.push({concurrency, seconds: +(ms / 1000).toFixed(2), docsPerSecond: Math.round(docs / (ms / 1000)), perSliceDocsPerSecond: Math.round(docs / (run.busyMs.slice! / 1000)), lambdaGbSecondsPerMillionDocs: +((busy / 1000) * (1e6 / docs)).toFixed(1), transitionsPerMillionDocs: Math.round(transitions * (1e6 / docs)), sliceInvocations: slices})
  process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`)
}

console.table(rows)
await s3.stop()
await emulator.stop()
