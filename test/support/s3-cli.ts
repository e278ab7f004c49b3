/**
 * A local S3 for trying `aoss backup`, `backup list|verify` and `restore s3://…` outside the demo:
 *   npm run s3 -- --port 4568 --bucket local-backups
 * The stand-in is s3rver on 127.0.0.1, with its fixed local keys; the stored objects live in a temporary folder that
 * is removed when it stops (Ctrl-C, or when npm, its parent, goes).
 */
import {parseArgs} from 'node:util'

import {exitWithParent} from './exit-with-parent.js'
import {S3_CREDENTIALS, S3_REGION, startS3} from './s3.js'

const USAGE = `Usage: npm run s3 -- [--port N] [--bucket NAME]

A local S3 stand-in (s3rver) on 127.0.0.1 for trying backups. Prints its endpoint, keys and the backup command.

Options:
  --port N         port to listen on (default 4568; 0 picks a free one)
  --bucket NAME    bucket to create (default local-backups; repeatable)
  -h, --help       this text`

function parse() {
  try {
    return parseArgs({options: {help: {type: 'boolean', short: 'h'}, port: {type: 'string', default: '4568'}, bucket: {type: 'string', multiple: true}}}).values
  } catch (error) {
    console.error(`s3: ${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
}

const values = parse()
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

const s3 = await startS3({port: Number(values.port)})
const buckets = values.bucket ?? ['local-backups']
for (const bucket of buckets) await s3.bucket(bucket)

// These are s3rver's fixed local keys, not AWS credentials: they only open this stand-in.
const env = `AWS_ACCESS_KEY_ID=${S3_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${S3_CREDENTIALS.secretAccessKey}`
const s3Flags = `--s3-endpoint ${s3.endpoint} --s3-region ${S3_REGION}`
console.log(`S3 stand-in listening at ${s3.endpoint}
  buckets            ${buckets.join(', ')}
  region             ${S3_REGION}
  access key / secret ${S3_CREDENTIALS.accessKeyId} / ${S3_CREDENTIALS.secretAccessKey} (s3rver's local keys)

Back up, list, verify and restore with (OPENSEARCH_URL pointing at your cluster or the emulator):
  export ${env}
  ./bin/run.js backup inventory --bucket ${buckets[0]} ${s3Flags}
  ./bin/run.js backup list --bucket ${buckets[0]} ${s3Flags}
  ./bin/run.js restore s3://${buckets[0]}/inventory/<timestamp>/manifest.json --index inventory-restored --create-index ${s3Flags}

Ctrl-C stops it and deletes what it stored.`)

const stop = (): void => {
  s3.stop().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
exitWithParent(() => s3.stop())
