/**
 * Copy throughput between two emulators, beside the ways to do it without `aoss copy`:
 *   npm run bench -- copy            (BENCH_DOCS, BENCH_LATENCY_MS from the environment)
 *   node --import tsx --no-warnings bench/copy.bench.ts [--docs 50000] [--latency 100]
 *
 * Both emulators answer every request after `--latency` ms (the same on each side). Rows, each a real process
 * timed wall-clock from start to exit (aoss as built, bin/run.js over dist/), the target checked to hold every
 * document afterwards:
 *   - aoss copy (defaults: 4 slices read, 4 _bulk in flight);
 *   - aoss export | aoss restore - (a shell pipe, what users chain today);
 *   - aoss export to a file, then aoss restore of that file, each timed alone (the "slower of the two" target);
 *   - elasticdump URL to URL with --limit 1000 (its default is 100).
 * Targets: copy ≥ 3× elasticdump and ≥ 0.9× the slower of export and restore alone. Measured here (2 cores, both
 * emulators in this process): 50,000 docs at 100 ms, copy 17,000 docs/s = 5.4× elasticdump, 1.21× the slower of
 * export and restore alone, 1.43× the pipe; at 20,000 docs and 50 ms start-up weighs more (2.4×, 0.86×).
 * Managed flavour on both sides: elasticdump pages differently on a server that answers like AOSS.
 */
import {execFile} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs, promisify} from 'node:util'

import {generateInventory} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'
import {AOSS_BIN} from './aoss-bin.js'

const run = promisify(execFile)
const {values} = parseArgs({
  options: {
    docs: {type: 'string', default: process.env.BENCH_DOCS ?? '50000'},
    latency: {type: 'string', default: process.env.BENCH_LATENCY_MS ?? '100'},
  },
})
const docs = Number(values.docs)
const latencyMs = Number(values.latency)

const dir = await mkdtemp(join(tmpdir(), 'aoss-bench-copy-'))
const source = await startEmulator({flavour: 'managed', latencyMs})
const target = await startEmulator({flavour: 'managed', latencyMs})
source.seed('inventory', [...generateInventory(docs)].map((doc) => ({_id: doc._id, _source: doc._source})))

async function timed(label: string, check: {emulator: typeof target, index: string} | undefined, command: string, args: string[]): Promise<number> {
  const started = performance.now()
  await run(command, args, {maxBuffer: 64 * 1024 * 1024, cwd: dir})
  const seconds = (performance.now() - started) / 1000
  if (check) {
    const stored = check.emulator.state.indices.get(check.index)?.docs.size ?? 0
    if (stored !== docs) throw new Error(`${label}: ${check.index} holds ${stored} documents, expected ${docs}`)
  }

  const rate = docs / seconds
  console.log(`${label.padEnd(38)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString('en-US').padStart(8)} docs/s`)
  return rate
}

try {
  console.log(`copy of ${docs.toLocaleString('en-US')} documents (~1 KiB each), ${latencyMs} ms per request on both sides`)
  const from = ['-e', source.url, '--auth', 'none']
  const to = (index: string) => ['--index', index, '-e', target.url, '--auth', 'none', '--count-timeout', '0', '--json']
  const copy = await timed('aoss copy (defaults)', {emulator: target, index: 'copy'}, AOSS_BIN, ['copy', 'inventory', ...from, '--to-endpoint', target.url, '--to-auth', 'none', '--to-index', 'copy', '--json'])
  const piped = await timed('aoss export | aoss restore -', {emulator: target, index: 'piped'}, 'sh', ['-c', `"${AOSS_BIN}" export inventory -e ${source.url} --auth none --quiet | "${AOSS_BIN}" restore - ${to('piped').join(' ')} > /dev/null`])
  const file = join(dir, 'inventory.ndjson')
  const exportAlone = await timed('aoss export -o FILE (alone)', undefined, AOSS_BIN, ['export', 'inventory', ...from, '-o', file, '--quiet'])
  const restoreAlone = await timed('aoss restore FILE (alone)', {emulator: target, index: 'restored'}, AOSS_BIN, ['restore', file, ...to('restored')])
  const elasticdump = await timed('elasticdump URL → URL --limit 1000', {emulator: target, index: 'ed'}, join(import.meta.dirname, '..', 'node_modules', '.bin', 'elasticdump'), ['--input', `${source.url}/inventory`, '--output', `${target.url}/ed`, '--type', 'data', '--limit', '1000', '--quiet'])
  const slower = Math.min(exportAlone, restoreAlone)
  console.log(`copy / elasticdump: ${(copy / elasticdump).toFixed(1)}× (target ≥ 3×); copy / export|restore pipe: ${(copy / piped).toFixed(2)}×; copy / slower of export and restore alone: ${(copy / slower).toFixed(2)}× (target ≥ 0.9×)`)
  if (copy / elasticdump < 3 || copy / slower < 0.9) process.exitCode = 1
} finally {
  await source.stop()
  await target.stop()
  await rm(dir, {recursive: true, force: true})
}
