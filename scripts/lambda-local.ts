/**
 * Runs the backup Lambda on this machine, through lambda-local (the Lambda context, timeout included), against any
 * OpenSearch endpoint and bucket. Continuations are run here too, one after another, instead of invoking AWS.
 *
 *   npm run lambda:local -- inventory my-backup-bucket [--prefix nightly] [--endpoint URL] [--timeout 900]
 *   npm run lambda:local -- inventory,orders my-bucket --s3-endpoint http://localhost:4566   # LocalStack
 *   npm run lambda:local -- --demo            # emulator + S3 stand-in, 60 s budget split into ~2 s invocations
 *   npm run lambda:local -- --demo --bundle   # the same through dist-lambda/handler.mjs (npm run build:lambda)
 *
 * Without --endpoint the handler reads OPENSEARCH_URL (and .env is not read, as in Lambda); AWS credentials come
 * from the usual chain.
 */
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'

import lambdaLocal from 'lambda-local'

import type {BackupEvent, HandlerDeps, HandlerResult} from '../src/lambda/handler.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    prefix: {type: 'string'},
    endpoint: {type: 'string'},
    's3-endpoint': {type: 'string'},
    region: {type: 'string'},
    timeout: {type: 'string', default: '900'},
    'deadline-margin': {type: 'string'},
    'batch-size': {type: 'string'},
    bundle: {type: 'boolean', default: false},
    demo: {type: 'boolean', default: false},
    help: {type: 'boolean', short: 'h', default: false},
  },
})

if (values.help || (!values.demo && positionals.length < 2)) {
  process.stderr.write('usage: npm run lambda:local -- INDEX[,INDEX…] BUCKET [--prefix P] [--endpoint URL] [--s3-endpoint URL] [--region R] [--timeout SECONDS] [--bundle]\n       npm run lambda:local -- --demo [--bundle]\n')
  process.exit(values.help ? 0 : 2)
}

type HandlerModule = {createHandler: (deps?: HandlerDeps) => (event: unknown, context: unknown) => Promise<HandlerResult>}

async function loadHandlerModule(): Promise<HandlerModule> {
  if (!values.bundle) return (await import('../src/lambda/handler.js')) as HandlerModule
  const bundle = join(root, 'dist-lambda/handler.mjs')
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build:lambda first`)
  return (await import(pathToFileURL(bundle).href)) as HandlerModule
}

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<void>> = []
  let event: BackupEvent
  let timeoutMs = Number(values.timeout) * 1000
  if (values.demo) {
    const {startEmulator} = await import('../test/support/emulator/index.js')
    const {generateInventory, inventoryMappings} = await import('../test/support/data/inventory.js')
    const {startS3} = await import('../test/support/s3.js')
    const emulator = await startEmulator({flavour: 'serverless', latencyMs: 5})
    cleanups.push(() => emulator.stop())
    emulator.seed('inventory', generateInventory(20_000), {mappings: inventoryMappings})
    const s3 = await startS3()
    cleanups.push(() => s3.stop())
    await s3.bucket('demo-backups')
    Object.assign(process.env, {OPENSEARCH_URL: emulator.url, AOSS_AUTH: 'none', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: s3.endpoint})
    process.stderr.write(`emulator ${emulator.url} (20,000 inventory docs), S3 stand-in ${s3.endpoint}, bucket demo-backups\n`)
    // A short budget so that the run visibly continues across invocations.
    timeoutMs = 2000
    event = {indices: ['inventory'], bucket: 'demo-backups', prefix: 'scheduled', batchSize: 500, deadlineMarginMs: 1500}
  } else {
    const [indices, bucket] = positionals
    event = {indices: indices.split(','), bucket, ...(values.prefix ? {prefix: values.prefix} : {})}
    if (values.endpoint) event.endpoint = values.endpoint
    if (values.region) event.region = values.region
    if (values['s3-endpoint']) event.s3Endpoint = values['s3-endpoint']
  }

  if (values['deadline-margin']) event.deadlineMarginMs = Number(values['deadline-margin']) * 1000
  if (values['batch-size']) event.batchSize = Number(values['batch-size'])

  const {createHandler} = await loadHandlerModule()
  const queue: unknown[] = [event]
  const handler = createHandler({invoke: async (_arn, next) => void queue.push(next)})
  let exitCode = 0
  try {
    while (queue.length > 0) {
      const next = queue.shift()
      const report = (await lambdaLocal.execute({
        lambdaFunc: {handler},
        lambdaHandler: 'handler',
        event: next,
        timeoutMs,
        // Below 0: lambda-local neither mutes the handler's own (JSON) log lines nor adds its banners.
        verboseLevel: -1,
        envdestroy: false,
      })) as HandlerResult
      process.stderr.write(`invocation ${report.invocation}: ${report.continuedAt ? 'continued' : report.status}, ${report.docs.toLocaleString('en-US')} docs so far${report.continuedAt ? ` (checkpoint ${report.continuedAt})` : ''}\n`)
      if (queue.length === 0) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    }
  } catch (error) {
    process.stderr.write(`lambda failed: ${JSON.stringify(error)}\n`)
    exitCode = 1
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup()
  }

  process.exit(exitCode)
}

await main()
