/**
 * Runs the backup state machine (src/lambda/backup.asl.json, the real definition file) on this machine with
 * aws-local-stepfunctions: Plan, the Distributed Map of Slice invocations, Commit (or Abort), each Task state calling
 * the Lambda's step handler in-process. Prints the execution's JSON result on stdout.
 *
 *   npm run stepfunctions:local -- --demo                 # emulator + S3 stand-in, 3 indexes, short invocations
 *   npm run stepfunctions:local -- inventory my-bucket [--prefix P] [--endpoint URL] [--s3-endpoint URL]
 *                                  [--max-slices 16] [--max-concurrency 16] [--budget SECONDS]
 *
 * Without --endpoint the handler reads OPENSEARCH_URL (and .env is not read, as in Lambda); AWS credentials come
 * from the usual chain.
 */
import {parseArgs} from 'node:util'

import type {FanOutJob} from '../src/lib/stepfunctions/types.js'
import {fakeContext} from '../test/support/lambda-context.js'
import {runLocalStateMachine} from '../test/support/local-state-machine.js'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    prefix: {type: 'string'},
    endpoint: {type: 'string'},
    's3-endpoint': {type: 'string'},
    'max-slices': {type: 'string'},
    'max-concurrency': {type: 'string'},
    budget: {type: 'string', default: '900'},
    demo: {type: 'boolean', default: false},
    help: {type: 'boolean', short: 'h', default: false},
  },
})

if (values.help || (!values.demo && positionals.length < 2)) {
  process.stderr.write('usage: npm run stepfunctions:local -- INDEX[,INDEX…] BUCKET [--prefix P] [--endpoint URL] [--s3-endpoint URL] [--max-slices N] [--max-concurrency N] [--budget SECONDS]\n       npm run stepfunctions:local -- --demo\n')
  process.exit(values.help ? 0 : 2)
}

async function main(): Promise<number> {
  const cleanups: Array<() => Promise<void>> = []
  let job: FanOutJob
  let budgetMs = Number(values.budget) * 1000
  try {
    if (values.demo) {
      const {startEmulator} = await import('../test/support/emulator/index.js')
      const {generateInventory, inventoryMappings} = await import('../test/support/data/inventory.js')
      const {startS3} = await import('../test/support/s3.js')
      const emulator = await startEmulator({flavour: 'serverless', latencyMs: 2})
      cleanups.push(() => emulator.stop())
      const docs = {inventory: 12_000, orders: 5000, returns: 800}
      for (const [index, count] of Object.entries(docs)) emulator.seed(index, generateInventory(count), {mappings: inventoryMappings})
      const s3 = await startS3()
      cleanups.push(() => s3.stop())
      await s3.bucket('demo-backups')
      Object.assign(process.env, {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: s3.endpoint})
      process.stderr.write(`emulator ${emulator.url} (${Object.entries(docs).map(([i, n]) => `${i} ${n}`).join(', ')} docs), S3 stand-in ${s3.endpoint}, bucket demo-backups\n`)
      // Small slices and a 0.6 s budget per invocation (pausing 0.5 s before it), so the run visibly fans out and continues.
      budgetMs = 600
      job = {indices: Object.keys(docs), bucket: 'demo-backups', prefix: 'fanout', batchSize: 500, sliceDocs: 2000, maxSlices: 8, maxConcurrency: 8, deadlineMarginMs: 500}
    } else {
      const [indices, bucket] = positionals
      job = {indices: indices.split(','), bucket, ...(values.prefix ? {prefix: values.prefix} : {})}
      if (values.endpoint) job.endpoint = values.endpoint
      if (values['s3-endpoint']) job.s3Endpoint = values['s3-endpoint']
      if (values['max-slices']) job.maxSlices = Number(values['max-slices'])
      if (values['max-concurrency']) job.maxConcurrency = Number(values['max-concurrency'])
    }

    const started = performance.now()
    const run = await runLocalStateMachine({input: job, env: process.env, context: () => fakeContext({remainingMs: budgetMs, functionName: 'aoss-backup'})})
    const result = {
      execution: run.status,
      ...(run.output ? run.output : {}),
      ...(run.error ? {error: run.error, cause: run.cause} : {}),
      invocations: run.invocations,
      durationMs: Math.round(performance.now() - started),
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return run.status === 'SUCCEEDED' ? 0 : 3
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  }
}

process.exitCode = await main()
