/**
 * Restore throughput into the emulator, beside elasticdump importing the same file.
 *   npm run bench -- restore            (BENCH_DOCS, BENCH_LATENCY_MS from the environment)
 *   node --import tsx --no-warnings bench/restore.bench.ts [--docs 30000] [--latency 100] [--bytes 1024]
 *
 * Every request pays `--latency` ms (default 100: a same-region round trip plus indexing time; AOSS bulk calls are
 * often slower). Both tools run as real processes and are timed wall-clock from start to exit, start-up included
 * (aoss runs as built, bin/run.js over dist/); the target
 * index is checked to hold every document afterwards. The emulator indexes on one thread (about 20,000 docs/s
 * here), which caps both tools; a real collection scales out instead. Target: aoss ≥ 3× elasticdump.
 *
 * Rows: elasticdump with its defaults (--limit 100) and with --limit 1000; aoss with its defaults (5 MiB batches,
 * 4 in flight) and with 1,000-document batches, the same size as elasticdump's larger one, so the gain from
 * requests in flight is visible on its own.
 */
import {execFile} from 'node:child_process'
import {once} from 'node:events'
import {createWriteStream} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {finished} from 'node:stream/promises'
import {parseArgs, promisify} from 'node:util'

import {generateInventory} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'
import {AOSS_BIN} from './aoss-bin.js'

const run = promisify(execFile)
const {values} = parseArgs({
  options: {
    docs: {type: 'string', default: process.env.BENCH_DOCS ?? '30000'},
    latency: {type: 'string', default: process.env.BENCH_LATENCY_MS ?? '100'},
    bytes: {type: 'string', default: '1024'},
  },
})
const docs = Number(values.docs)
const latencyMs = Number(values.latency)

const dir = await mkdtemp(join(tmpdir(), 'aoss-bench-restore-'))
const file = join(dir, 'inventory.ndjson')
const out = createWriteStream(file)
for (const doc of generateInventory(docs, {bytes: Number(values.bytes)})) {
  if (!out.write(`${JSON.stringify({_index: 'inventory', _id: doc._id, _source: doc._source})}\n`)) await once(out, 'drain')
}

out.end()
await finished(out)

// Managed flavour: elasticdump probes `GET /` and pages differently on a server that answers like AOSS.
const emulator = await startEmulator({flavour: 'managed', latencyMs})

async function timed(label: string, index: string, command: string, args: string[]): Promise<number> {
  const started = performance.now()
  await run(command, args, {maxBuffer: 64 * 1024 * 1024})
  const seconds = (performance.now() - started) / 1000
  const stored = emulator.state.indices.get(index)?.docs.size ?? 0
  if (stored !== docs) throw new Error(`${label}: ${index} holds ${stored} documents, expected ${docs}`)
  const rate = docs / seconds
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString('en-US').padStart(8)} docs/s`)
  return rate
}

try {
  console.log(`restore of ${docs.toLocaleString('en-US')} documents (~${values.bytes} B each), ${latencyMs} ms per request`)
  const elasticdump = 'node_modules/.bin/elasticdump'
  const ed = (limit: number) => ['--input', file, '--output', `${emulator.url}/ed-${limit}`, '--type', 'data', '--limit', String(limit), '--quiet']
  const edDefault = await timed('elasticdump (defaults: --limit 100)', 'ed-100', elasticdump, ed(100))
  const edBig = await timed('elasticdump --limit 1000', 'ed-1000', elasticdump, ed(1000))
  const restore = (index: string, ...extra: string[]) => ['restore', file, '--index', index, '-e', emulator.url, '--auth', 'none', '--json', ...extra]
  const aoss = await timed('aoss restore (defaults)', 'aoss', AOSS_BIN, restore('aoss'))
  await timed('aoss restore --batch-docs 1000', 'aoss-1000', AOSS_BIN, restore('aoss-1000', '--batch-docs', '1000'))
  console.log(`aoss / elasticdump defaults: ${(aoss / edDefault).toFixed(1)}×; aoss / elasticdump --limit 1000: ${(aoss / edBig).toFixed(1)}× (target ≥ 3×)`)
  if (aoss / edDefault < 3) process.exitCode = 1
} finally {
  await emulator.stop()
  await rm(dir, {recursive: true, force: true})
}
