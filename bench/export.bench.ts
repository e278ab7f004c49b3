/**
 * Export throughput against the wire's own limit, against elasticdump, CPU per document and memory at scale.
 *
 *   npm run bench -- export
 *   BENCH_DOCS=20000 BENCH_LATENCY_MS=100 BENCH_BIG_DOCS=0 npm run bench -- export    # a quick run
 *
 * Environment: BENCH_DOCS (100,000), BENCH_LATENCY_MS per request (200: AOSS pages of 1,000 hits take
 * 100–300 ms), BENCH_DOC_BYTES (1,024), BENCH_BIG_DOCS for the memory check (1,000,000; 0 skips it),
 * BENCH_BATCH (1,000).
 *
 * The emulator runs in this process; everything measured runs in a child process of its own, timed from
 * spawn to exit by /usr/bin/time (wall, user+sys CPU, peak RSS):
 *   - raw limit: the same PIT + search_after requests in a minimal loop, bodies written to /dev/null, nothing
 *     parsed but the last sort values; sequential and over 4 slices;
 *   - aoss export --slices 1 and 4, to a file;
 *   - elasticdump (scroll, so against the managed flavour) with the same page size; its line count is checked,
 *     since it can stop early and still exit 0.
 * Startup (Node + tsx + oclif) is part of every aoss run; it is measured separately and shown.
 * Targets: slices 1 ≥ 0.97× raw sequential; slices 4 ≥ 0.97× raw 4-slice; slices 4 ≥ 2.7× elasticdump;
 * CPU including start-up ≤ 0.75× elasticdump's; peak RSS (the max resident size /usr/bin/time -v reports) at
 * BENCH_BIG_DOCS ≤ 120 MiB at 4 slices and ≤ 1.2× the BENCH_DOCS run.
 */
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {createReadStream, openSync, closeSync, rmSync, mkdtempSync, writeSync} from 'node:fs'
import {Agent, request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {generateInventory, inventoryMappings} from '../test/support/data/inventory.js'
import {type Emulator, startEmulator} from '../test/support/emulator/index.js'
import {AOSS_BIN} from './aoss-bin.js'

const env = process.env
const DOCS = Number(env.BENCH_DOCS ?? 100_000)
const LATENCY = Number(env.BENCH_LATENCY_MS ?? 200)
const BYTES = Number(env.BENCH_DOC_BYTES ?? 1024)
const BIG = Number(env.BENCH_BIG_DOCS ?? 1_000_000)
const BATCH = Number(env.BENCH_BATCH ?? 1000)
const root = new URL('..', import.meta.url).pathname

if (process.argv[2] === '--raw') {
  await rawChild(process.argv[3]!, Number(process.argv[4]))
} else {
  await main()
}

interface Measured {
  label: string
  docs: number
  seconds: number
  cpu: number
  rssMiB: number
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aoss-bench-export-'))
  const rows: Measured[] = []
  const show = (m: Measured) => {
    rows.push(m)
    const rate = m.docs ? Math.round(m.docs / m.seconds).toLocaleString('en-US') : '-'
    const cpu100k = m.docs ? ((m.cpu * 100_000) / m.docs).toFixed(2) : '-'
    console.log(`${m.label.padEnd(34)} ${m.docs.toLocaleString('en-US').padStart(9)} docs ${m.seconds.toFixed(2).padStart(7)} s ${rate.padStart(8)} docs/s  cpu ${m.cpu.toFixed(2).padStart(6)} s (${cpu100k} s/100k)  rss ${m.rssMiB.toFixed(0).padStart(4)} MiB`)
    return m
  }

  console.log(`export of ${DOCS.toLocaleString('en-US')} docs of ~${BYTES} B, ${LATENCY} ms per request, pages of ${BATCH}, ${(await import('node:os')).availableParallelism()} CPUs`)
  let serverless: Emulator | undefined = await seeded('serverless', DOCS)
  let managed: Emulator | undefined
  try {
    const conn = ['-e', serverless.url, '--auth', 'none', '--quiet', '--batch-size', String(BATCH)]
    const startup = show(await timed('aoss startup (export --help)', [AOSS_BIN, 'export', '--help'], 0))
    const raw1 = show(await timed('raw limit, sequential', [process.execPath, '--no-warnings', '--import', 'tsx', import.meta.filename, '--raw', serverless.url, '1'], DOCS))
    const raw4 = show(await timed('raw limit, 4 slices', [process.execPath, '--no-warnings', '--import', 'tsx', import.meta.filename, '--raw', serverless.url, '4'], DOCS))
    const out = join(dir, 'out.jsonl')
    const s1 = show(await timed('aoss export --slices 1 -o file', [AOSS_BIN, 'export', 'inventory', ...conn, '--slices', '1', '-o', out], DOCS))
    await expectLines(out, DOCS, 'aoss --slices 1')
    const s4 = show(await timed('aoss export --slices 4 -o file', [AOSS_BIN, 'export', 'inventory', ...conn, '--slices', '4', '-o', out], DOCS))
    await expectLines(out, DOCS, 'aoss --slices 4')
    await serverless.stop()
    serverless = undefined

    managed = await seeded('managed', DOCS)
    const edStartup = show(await timed('elasticdump startup (--version)', [join(root, 'node_modules/.bin/elasticdump'), '--version'], 0))
    const edOut = join(dir, 'elasticdump.jsonl')
    const ed = show(await timed('elasticdump (scroll, --limit 1000)', [join(root, 'node_modules/.bin/elasticdump'), `--input=${managed.url}/inventory`, `--output=${edOut}`, `--limit=${BATCH}`, '--quiet'], DOCS))
    const edLines = await countLines(edOut)
    if (edLines !== DOCS) console.log(`!! elasticdump wrote ${edLines} lines of ${DOCS} and exited 0`)
    await managed.stop()
    managed = undefined

    let big: Measured | undefined
    if (BIG > 0) {
      serverless = await seeded('serverless', BIG)
      const bigConn = ['-e', serverless.url, '--auth', 'none', '--quiet', '--batch-size', String(BATCH)]
      big = show(await timed(`aoss export --slices 4, ${BIG / 1e6}M docs`, [AOSS_BIN, 'export', 'inventory', ...bigConn, '--slices', '4', '-o', out], BIG))
      await expectLines(out, BIG, 'aoss at scale')
    }

    const perDoc = (m: Measured, base: Measured) => (m.cpu - base.cpu) / m.docs
    const ratio = (label: string, value: number, target: number, more = true) => {
      const met = more ? value >= target : value <= target
      console.log(`${label.padEnd(58)} ${value.toFixed(2).padStart(6)}×  target ${more ? '≥' : '≤'} ${target}×  ${met ? 'met' : 'MISSED'}`)
      if (!met) process.exitCode = 1
    }

    console.log('')
    ratio('aoss --slices 1 / raw sequential (docs/s)', rate(s1) / rate(raw1), 0.97)
    ratio('aoss --slices 4 / raw 4 slices (docs/s)', rate(s4) / rate(raw4), 0.97)
    ratio('aoss --slices 4 / elasticdump (docs/s)', rate(s4) / rate(ed), 2.7)
    ratio('aoss CPU / elasticdump CPU (start-up included)', s4.cpu / ed.cpu, 0.75, false)
    ratio('aoss CPU per doc / elasticdump CPU per doc (startup excluded)', perDoc(s4, startup) / perDoc(ed, edStartup), 0.5, false)
    if (big) {
      ratio(`aoss peak RSS at ${BIG.toLocaleString('en-US')} / at ${DOCS.toLocaleString('en-US')}`, big.rssMiB / s4.rssMiB, 1.2, false)
      const met = big.rssMiB <= 120
      console.log(`${'aoss --slices 4 peak RSS at scale (MiB)'.padEnd(58)} ${big.rssMiB.toFixed(0).padStart(6)}   target ≤ 120  ${met ? 'met' : 'MISSED'}`)
      if (!met) process.exitCode = 1
    }
    console.log(`(aoss startup: ${startup.seconds.toFixed(2)} s wall, ${startup.cpu.toFixed(2)} s CPU, included in the aoss rows above)`)
  } finally {
    await serverless?.stop()
    await managed?.stop()
    rmSync(dir, {recursive: true, force: true})
  }
}

function rate(m: Measured): number {
  return m.docs / m.seconds
}

async function seeded(flavour: 'serverless' | 'managed', docs: number): Promise<Emulator> {
  const emulator = await startEmulator({flavour, latencyMs: LATENCY})
  emulator.seed('inventory', generateInventory(docs, {bytes: BYTES}), {mappings: inventoryMappings})
  return emulator
}

/** Runs a command under /usr/bin/time: wall clock from spawn to exit, user+sys CPU and peak RSS. */
async function timed(label: string, argv: string[], docs: number): Promise<Measured> {
  const started = performance.now()
  const child = spawn('/usr/bin/time', ['-f', 'TIME %U %S %M', ...argv], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d))
  const [code] = (await once(child, 'exit')) as [number | null]
  const seconds = (performance.now() - started) / 1000
  const match = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr)
  if (code !== 0 || !match) throw new Error(`${label} exited with ${code}: ${stderr.slice(-2000)}`)
  return {label, docs, seconds, cpu: Number(match[1]) + Number(match[2]), rssMiB: Number(match[3]) / 1024}
}

async function countLines(file: string): Promise<number> {
  let lines = 0
  for await (const chunk of createReadStream(file)) {
    for (let i = (chunk as Buffer).indexOf(10); i !== -1; i = (chunk as Buffer).indexOf(10, i + 1)) lines++
  }

  return lines
}

async function expectLines(file: string, docs: number, label: string): Promise<void> {
  const lines = await countLines(file)
  if (lines !== docs) throw new Error(`${label} wrote ${lines} lines, expected ${docs}`)
}

/**
 * The raw limit: one PIT, N slices, search_after on _id, each body written to /dev/null. The only work per page
 * is finding the last hit's sort values at the end of the body, which the next request needs.
 */
async function rawChild(url: string, slices: number): Promise<void> {
  const agent = new Agent({keepAlive: true, maxSockets: slices + 1})
  const devNull = openSync('/dev/null', 'w')
  const post = (path: string, body: unknown) =>
    new Promise<Buffer>((resolve, reject) => {
      const data = JSON.stringify(body)
      const req = request(`${url}${path}`, {method: 'POST', agent, headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(data)}}, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks)))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(data)
    })
  const pit = JSON.parse((await post('/inventory/_search/point_in_time?keep_alive=5m', {})).toString()).pit_id as string
  await Promise.all(
    Array.from({length: slices}, async (_, id) => {
      let after: unknown[] | undefined
      for (;;) {
        const body = await post('/_search', {
          size: BATCH,
          sort: [{_id: {order: 'asc'}}],
          pit: {id: pit, keep_alive: '5m'},
          track_total_hits: false,
          ...(after ? {search_after: after} : {}),
          ...(slices > 1 ? {slice: {id, max: slices}} : {}),
        })
        writeSync(devNull, body)
        const at = body.lastIndexOf('"sort":[')
        if (at === -1) break
        const end = body.indexOf(']', at)
        after = JSON.parse(body.subarray(at + 7, end + 1).toString())
        if (body.length < 200) break
      }
    }),
  )
  closeSync(devNull)
  agent.destroy()
}
