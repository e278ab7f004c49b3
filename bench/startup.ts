/**
 * Start-up cost of the CLI against a bare Node process: median wall time of `aoss --version` and
 * `aoss health --help`, run from the built package (dist/) with and without the oclif manifest an installed
 * package ships. Printed as ratios to `node -e ""`, measured side by side in one run.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, rmSync} from 'node:fs'
import {join} from 'node:path'

const root = join(import.meta.dirname, '..')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const bin = join(root, 'bin', 'run.js')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(args: string[]): number {
  const samples: number[] = []
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now()
    const result = spawnSync(process.execPath, args, {cwd: root, stdio: 'ignore'})
    const elapsed = performance.now() - started
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`)
    if (i >= 2) samples.push(elapsed) // the first two warm the file cache
  }

  return median(samples)
}

if (!existsSync(join(root, 'dist', 'commands', 'health.js'))) {
  throw new Error('dist/ is missing: run `npm run build` first (npm run bench:startup does)')
}

const manifest = join(root, 'oclif.manifest.json')
const rows: Array<[string, number]> = []
const bare = time(['-e', ''])
rows.push(['node -e ""', bare])
rmSync(manifest, {force: true})
rows.push(['aoss --version (no manifest)', time([bin, '--version'])])
rows.push(['aoss health --help (no manifest)', time([bin, 'health', '--help'])])
execFileSync(join(root, 'node_modules', '.bin', 'oclif'), ['manifest'], {cwd: root, stdio: 'ignore', env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}})
try {
  rows.push(['aoss --version (manifest)', time([bin, '--version'])])
  rows.push(['aoss health --help (manifest)', time([bin, 'health', '--help'])])
} finally {
  // A manifest left behind hides commands added later (stack notes): it only lives for this measurement.
  rmSync(manifest, {force: true})
}

console.log(`start-up, median of ${runs} runs\n`)
console.log(`${'command'.padEnd(36)}${'ms'.padStart(8)}${'× node'.padStart(10)}`)
for (const [name, ms] of rows) console.log(`${name.padEnd(36)}${ms.toFixed(0).padStart(8)}${(ms / bare).toFixed(2).padStart(10)}`)
