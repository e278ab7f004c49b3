/**
 * Backup throughput to an S3 stand-in beside export to /dev/null, from the same emulator, and the backup's peak
 * memory.
 *   node --import tsx --no-warnings bench/backup.bench.ts [--docs 100000] [--bytes 512] [--latency 20]
 *   … --docs 1000000 --bytes 256     # the memory check on a 1M-document backup (needs ~2 GiB for the emulator)
 *
 * Both commands run as real processes (the built bin/run.js) with their default slices and batch size, timed wall-clock
 * from start to exit. The S3 stand-in (s3rver, on disk) runs in its own process so that it does not share an
 * event loop with the emulator. Backups use 5 MiB parts and 64 MiB chunks here so that even a small run goes
 * through multipart uploads and chunk rolling; memory should then stay near (queue + 1) × part size above the
 * export's, whatever the document count.
 * Targets: backup ≥ 0.8× export's docs/s; backup peak RSS ≤ export's + 100 MiB.
 */
import {spawn} from 'node:child_process'
import {closeSync, existsSync, openSync} from 'node:fs'
import {once} from 'node:events'
import {parseArgs} from 'node:util'

import {generateInventory, inventoryMappings} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'
import {S3_CREDENTIALS, startS3} from '../test/support/s3.js'
import {AOSS_BIN} from './aoss-bin.js'

const {values} = parseArgs({
  options: {
    docs: {type: 'string', default: '100000'},
    bytes: {type: 'string', default: '512'},
    latency: {type: 'string', default: '20'},
    's3-server': {type: 'boolean', default: false},
  },
})

if (values['s3-server']) {
  // Child mode: serve S3 until the parent goes away.
  const s3 = await startS3()
  await s3.bucket('bench-backups')
  process.stdout.write(`${s3.endpoint}\n`)
  process.stdin.resume()
  process.stdin.on('end', async () => {
    await s3.stop()
    process.exit(0)
  })
} else {
  await main()
}

async function main(): Promise<void> {
  const docs = Number(values.docs)
  const latencyMs = Number(values.latency)
  const s3Child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', new URL(import.meta.url).pathname, '--s3-server'], {stdio: ['pipe', 'pipe', 'inherit']})
  const [line] = (await once(s3Child.stdout!, 'data')) as [Buffer]
  const s3Endpoint = line.toString().trim()

  const emulator = await startEmulator({flavour: 'serverless', latencyMs})
  emulator.seed('inventory', generateInventory(docs, {bytes: Number(values.bytes)}), {mappings: inventoryMappings})
  const env = {...process.env, AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', NO_COLOR: '1'}
  const conn = ['-e', emulator.url, '--auth', 'none']
  const withTime = existsSync('/usr/bin/time')

  /** Runs the CLI; `toDevNull` sends its stdout straight to /dev/null (export's data), else it is collected. */
  async function timed(label: string, args: string[], toDevNull = false): Promise<{rate: number, rssMiB?: number, stdout: string}> {
    const command = withTime ? '/usr/bin/time' : AOSS_BIN
    const argv = withTime ? ['-f', 'MAXRSS %M', AOSS_BIN, ...args] : args
    const devNull = toDevNull ? openSync('/dev/null', 'w') : undefined
    const started = performance.now()
    const child = spawn(command, argv, {env, stdio: ['ignore', devNull ?? 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => (stdout += d))
    child.stderr!.on('data', (d: Buffer) => (stderr += d))
    const [code] = (await once(child, 'exit')) as [number | null]
    if (devNull !== undefined) closeSync(devNull)
    if (code !== 0) throw new Error(`${label} exited with ${code}: ${stderr}`)
    const seconds = (performance.now() - started) / 1000
    const rss = /MAXRSS (\d+)/.exec(stderr)
    const rssMiB = rss ? Number(rss[1]) / 1024 : undefined
    const rate = docs / seconds
    console.log(`${label.padEnd(36)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString('en-US').padStart(8)} docs/s${rssMiB ? `  peak RSS ${rssMiB.toFixed(0)} MiB` : ''}`)
    return {rate, rssMiB, stdout}
  }

  try {
    console.log(`backup vs export of ${docs.toLocaleString('en-US')} documents (~${values.bytes} B each), ${latencyMs} ms per request`)
    const exported = await timed('aoss export > /dev/null', ['export', 'inventory', ...conn, '--quiet'], true)
    const backup = await timed('aoss backup → S3 stand-in', ['backup', 'inventory', ...conn, '-b', 'bench-backups', '--s3-endpoint', s3Endpoint, '--part-size', '5MiB', '--chunk-size', '64MiB', '--json'])
    const result = JSON.parse(backup.stdout) as {docs: number, bytes: number, indices: Array<{chunks: number}>}
    if (result.docs !== docs) throw new Error(`backup stored ${result.docs} documents, expected ${docs}`)
    console.log(`backup stored ${(result.bytes / 1024 / 1024).toFixed(1)} MiB of gzip in ${result.indices[0].chunks} chunk(s)`)
    const ratio = backup.rate / exported.rate
    console.log(`backup / export: ${ratio.toFixed(2)}× (target ≥ 0.8×)`)
    if (ratio < 0.8) process.exitCode = 1
    if (backup.rssMiB !== undefined && exported.rssMiB !== undefined) {
      const extra = backup.rssMiB - exported.rssMiB
      console.log(`backup peak RSS − export peak RSS: ${extra.toFixed(0)} MiB (target ≤ 100 MiB: parts of 5 MiB × (4 + 1) plus streams)`)
      if (extra > 100) process.exitCode = 1
    }
  } finally {
    await emulator.stop()
    s3Child.stdin!.end()
    await once(s3Child, 'exit')
  }
}
