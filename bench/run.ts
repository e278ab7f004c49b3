/**
 * `npm run bench`: runs every bench/*.bench.ts in turn, each in its own process (so one benchmark's heap and
 * sockets never colour the next), and lets them print their own tables. `npm run bench -- export` runs only the
 * files whose name contains "export". Settings travel through the environment (BENCH_DOCS, BENCH_LATENCY_MS, …).
 */
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

const dir = new URL('.', import.meta.url).pathname
const filters = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort()

let failed = 0
for (const name of files) {
  console.log(`\n== ${name} ==`)
  const child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', join(dir, name)], {stdio: 'inherit'})
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code !== 0) {
    failed++
    console.log(`${name} exited with ${code} (a missed target or a failure)`)
  }
}

if (failed > 0) process.exitCode = 1
