/**
 * The dry run's time estimate against the real export, on the emulator at a set per-request latency:
 *   npm run bench -- dryrun
 *   BENCH_DOCS=20000 BENCH_LATENCY_MS=20,50 BENCH_REPEAT=3 npm run bench -- dryrun
 *
 * For each latency and 1, 2 and 4 slices: `aoss export --dry-run --json` (its estimateMs), then the same export
 * to a file (its summary's durationMs: the run from open to close, without Node's start-up, which the estimate
 * does not include either). Both are real processes of the built CLI. Target: every estimate within ±25 % of
 * the export it predicts.
 */
import {execFile} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {generateInventory, inventoryMappings} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'
import {AOSS_BIN} from './aoss-bin.js'

const run = promisify(execFile)
const env = process.env
const DOCS = Number(env.BENCH_DOCS ?? 20_000)
const LATENCIES = (env.BENCH_LATENCY_MS ?? '20,50').split(',').map(Number)
const REPEAT = Number(env.BENCH_REPEAT ?? 3)
const BATCH = Number(env.BENCH_BATCH ?? 1000)
const TOLERANCE = 0.25

const dir = await mkdtemp(join(tmpdir(), 'aoss-bench-dryrun-'))
let missed = 0
try {
  console.log(`export --dry-run estimate vs the export, ${DOCS.toLocaleString('en-US')} inventory docs, batch ${BATCH}, ${REPEAT} runs each`)
  console.log('latency  slices   estimate      real   error')
  for (const latencyMs of LATENCIES) {
    const emulator = await startEmulator({flavour: 'serverless', latencyMs})
    emulator.seed('inventory', generateInventory(DOCS), {mappings: inventoryMappings})
    try {
      for (const slices of [1, 2, 4]) {
        for (let i = 0; i < REPEAT; i++) {
          const common = ['export', 'inventory', '-e', emulator.url, '--auth', 'none', '--slices', String(slices), '--batch-size', String(BATCH), '--json']
          const planned = await run(AOSS_BIN, [...common, '--dry-run'], {cwd: dir})
          const estimateMs = (JSON.parse(planned.stderr) as {estimateMs: number}).estimateMs
          const real = await run(AOSS_BIN, [...common, '-o', join(dir, 'out.jsonl'), '--force'], {cwd: dir})
          const durationMs = (JSON.parse(real.stderr) as {durationMs: number}).durationMs
          const error = estimateMs / durationMs - 1
          if (Math.abs(error) > TOLERANCE) missed++
          console.log(`${`${latencyMs} ms`.padStart(7)}  ${String(slices).padStart(6)}  ${`${estimateMs} ms`.padStart(9)}  ${`${durationMs} ms`.padStart(8)}  ${`${error >= 0 ? '+' : ''}${Math.round(error * 100)} %`.padStart(6)}`)
        }
      }
    } finally {
      await emulator.stop()
    }
  }

  console.log(`${missed === 0 ? 'every estimate' : `${missed} estimates not`} within ±${TOLERANCE * 100} % of the real export`)
  if (missed > 0) process.exitCode = 1
} finally {
  await rm(dir, {recursive: true, force: true})
}
