/**
 * Runs the built Lambda bundle itself, in a plain `node` process without the TypeScript loader, as Lambda would:
 * this is what catches an ESM bundle without its `require` banner ("Dynamic require of node:https").
 */
import {execFile} from 'node:child_process'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {promisify} from 'node:util'

import {expect} from 'chai'

import {repoRoot} from '../support/cli.js'
import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {S3_CREDENTIALS, startS3, type S3StandIn} from '../support/s3.js'

const run = promisify(execFile)
const esbuildInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('esbuild')
    return true
  } catch {
    return false
  }
})()

describe('backup Lambda bundle', function () {
  this.timeout(120_000)
  let emulator: Emulator
  let s3: S3StandIn
  let bundle: string
  let zipBytes: number
  let zip: string

  before(async function () {
    if (!esbuildInstalled) this.skip()
    const {buildLambda} = await import('../../scripts/build-lambda.js')
    const built = await buildLambda()
    bundle = built.bundle
    zipBytes = built.zipBytes
    zip = built.zip
    emulator = await startEmulator({flavour: 'serverless'})
    emulator.seed('inventory', Array.from({length: 800}, (_, i) => ({_id: `d${i}`, _source: {n: i, name: `item ${i}`}})))
    s3 = await startS3()
    await s3.bucket('bundle-backups')
  })

  after(async () => {
    await s3?.stop()
    await emulator?.stop()
  })

  it("is what the SAM template deploys: CodeUri names the zip, so the upload is the function code and nothing else", () => {
    const template = join(repoRoot, 'src', 'lambda', 'template.yaml')
    const codeUri = /^\s+CodeUri:\s*(\S+)\s*$/m.exec(readFileSync(template, 'utf8'))![1]!
    // A folder CodeUri would be zipped whole by SAM, the zip of the last build included.
    expect(resolve(dirname(template), codeUri)).to.equal(zip)
    expect(statSync(zip).isFile()).to.equal(true)
  })

  it('is one small ESM file that backs up an index when run by plain node', async () => {
    expect(existsSync(bundle)).to.equal(true)
    expect(zipBytes).to.be.lessThan(2 * 1024 * 1024)
    const script = `
      const {handler} = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const context = {awsRequestId: 'r1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:aoss-backup', getRemainingTimeInMillis: () => 600000};
      const report = await handler({source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {}}, context);
      process.stdout.write('REPORT ' + JSON.stringify(report) + '\\n');
    `
    const {stdout} = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        OPENSEARCH_URL: emulator.url,
        AOSS_AUTH: 'none',
        OUTPUT_BUCKET: 'bundle-backups',
        OUTPUT_PREFIX: 'scheduled',
        INDICES: 'inventory',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
      },
    })
    const lines = stdout.trim().split('\n')
    const report = JSON.parse(lines.find((line) => line.startsWith('REPORT '))!.slice('REPORT '.length)) as {status: string, docs: number, indices: Array<{manifest?: string}>}
    expect(report.status).to.equal('complete')
    expect(report.docs).to.equal(800)
    expect(report.indices[0].manifest).to.match(/^s3:\/\/bundle-backups\/scheduled\/inventory\/.*\/manifest\.json$/)
    // The handler's own log lines are JSON objects, one per line.
    const logs = lines.filter((line) => !line.startsWith('REPORT ')).map((line) => JSON.parse(line) as {msg: string})
    expect(logs.map((l) => l.msg)).to.include('backup.complete')
  })
})
