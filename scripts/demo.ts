/**
 * `npm run demo`: the main jobs, end to end, against the embedded emulator — no AWS account needed.
 * Starts an OpenSearch Serverless-like emulator seeded with an `inventory` index and an S3 stand-in, runs the
 * real CLI against them, prints each command before it runs, and stops everything it started (also on Ctrl-C).
 */
import {ListObjectsV2Command} from '@aws-sdk/client-s3'
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {styleText} from 'node:util'

import {generateInventory, inventoryMappings} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'
import {startS3} from '../test/support/s3.js'

const root = join(import.meta.dirname, '..')
const docs = Number(process.env.DEMO_DOCS ?? 20_000)
const work = mkdtempSync(join(tmpdir(), 'aoss-demo-'))
const color = process.stdout.isTTY && !process.env.NO_COLOR
const bold = (text: string) => (color ? styleText('bold', text) : text)
const dim = (text: string) => (color ? styleText('dim', text) : text)

const cleanups: Array<() => Promise<void> | void> = [() => rmSync(work, {recursive: true, force: true})]
let stopping = false
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined)
  }

  process.exit(code)
}

process.on('SIGINT', () => void stopAll(130))
process.on('SIGTERM', () => void stopAll(143))

const has = (command: string) => existsSync(join(root, 'src', 'commands', `${command}.ts`))

/** Runs the real CLI (TypeScript sources through tsx, as bin/dev.js does) and shows its output as is. */
function aoss(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  console.log(`\n${bold('$ aoss ' + args.map((a) => (/[\s"*]/.test(a) ? JSON.stringify(a) : a)).join(' '))}`)
  return new Promise((resolve, reject) => {
    // tsx by absolute URL: `--import` resolves a bare name from the working directory, which is the demo's temp dir.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--no-warnings', join(root, 'bin', 'dev.js'), ...args], {
      cwd: work,
      stdio: 'inherit',
      env: {...process.env, ...env},
    })
    child.on('error', reject)
    child.on('exit', (code) => resolve(code ?? 1))
  })
}

async function step(args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  const code = await aoss(args, env)
  if (code !== 0) {
    console.error(`\ndemo: "aoss ${args.join(' ')}" exited with ${code}`)
    await stopAll(code)
  }
}

async function main(): Promise<void> {
  console.log(dim(`Starting the OpenSearch Serverless emulator with ${docs.toLocaleString('en-US')} inventory documents…`))
  const emulator = await startEmulator({flavour: 'serverless'})
  cleanups.push(() => emulator.stop())
  emulator.seed('inventory', generateInventory(docs), {mappings: inventoryMappings})
  const endpoint = emulator.url
  const env = {OPENSEARCH_URL: endpoint, AOSS_AUTH: 'none'}
  console.log(dim(`Emulator on ${endpoint} (auth none). The same commands work against a real collection with -e https://<id>.<region>.aoss.amazonaws.com.`))

  await step(['health'], env)
  if (has('search')) await step(['search', 'inventory', 'red shoes', '--size', '3'], env)
  if (has('count')) await step(['count', 'inventory'], env)

  if (has('export')) {
    const file = join(work, 'inventory.jsonl')
    await step(['export', 'inventory', '-o', file, '--slices', '2'], env)
    console.log(dim(`wrote ${file} (${statSync(file).size.toLocaleString('en-US')} bytes)`))
  }

  if (has('backup')) {
    console.log(dim('\nStarting an S3 stand-in on loopback…'))
    const s3 = await startS3()
    cleanups.push(() => s3.stop())
    await s3.bucket('demo-backups')
    const s3env = {...env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: s3.endpoint}
    await step(['backup', 'inventory', '--bucket', 'demo-backups', '--prefix', 'nightly'], s3env)
    if (has('backup/list')) await step(['backup', 'list', '--bucket', 'demo-backups', '--prefix', 'nightly'], s3env)
    const listed = await s3.client.send(new ListObjectsV2Command({Bucket: 'demo-backups', Prefix: 'nightly/inventory/'}))
    const manifestKey = listed.Contents?.find((object) => object.Key?.endsWith('/manifest.json'))?.Key
    if (manifestKey) {
      const manifest = `s3://demo-backups/${manifestKey}`
      if (has('backup/verify')) await step(['backup', 'verify', manifest], s3env)
      if (has('restore')) await step(['restore', manifest, '--index', 'inventory-restored', '--create-index'], s3env)
    }
  } else if (has('restore') && existsSync(join(work, 'inventory.jsonl'))) {
    await step(['restore', join(work, 'inventory.jsonl'), '--index', 'inventory-restored'], env)
  }

  if (has('restore')) await step(['health'], env)
  console.log(`\n${bold('Demo finished.')} ${dim('Try it yourself: npm run emulator -- --flavour serverless --seed inventory:100000 --port 9200')}`)
  await stopAll(0)
}

main().catch(async (error) => {
  console.error(`demo failed: ${(error as Error).stack ?? error}`)
  await stopAll(1)
})
