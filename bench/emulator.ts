/**
 * Emulator throughput: seed 100,000 docs of ~1 KiB, then page through them over HTTP with
 * PIT + search_after, 1,000 hits per page, on one keep-alive connection.
 *   npm run bench:emulator [-- --docs 100000 --page 1000 --flavour serverless]
 */
import http from 'node:http'
import {parseArgs} from 'node:util'
import {generateInventory, inventoryMappings} from '../test/support/data/inventory.js'
import {startEmulator} from '../test/support/emulator/index.js'

const {values} = parseArgs({
  options: {
    docs: {type: 'string', default: '100000'},
    page: {type: 'string', default: '1000'},
    flavour: {type: 'string', default: 'serverless'},
  },
})
const total = Number(values.docs)
const pageSize = Number(values.page)

const agent = new http.Agent({keepAlive: true, maxSockets: 1})

function post(url: string, body: unknown): Promise<{status: number; text: string}> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const req = http.request(url, {method: 'POST', agent, headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(payload)}}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8')}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

const em = await startEmulator({flavour: values.flavour === 'managed' ? 'managed' : 'serverless'})
try {
  let started = performance.now()
  const docs = [...generateInventory(total)]
  const generateMs = performance.now() - started
  started = performance.now()
  em.seed('inventory', docs, {mappings: inventoryMappings})
  const seedMs = performance.now() - started
  console.log(`generated ${total} docs in ${generateMs.toFixed(0)} ms; seeded in ${seedMs.toFixed(0)} ms`)

  const pit = JSON.parse((await post(`${em.url}/inventory/_search/point_in_time?keep_alive=5m`, {})).text).pit_id as string
  const pageTimes: number[] = []
  let after: unknown[] | undefined
  let seen = 0
  let bytes = 0
  started = performance.now()
  for (;;) {
    const t0 = performance.now()
    const r = await post(`${em.url}/_search`, {size: pageSize, pit: {id: pit, keep_alive: '5m'}, sort: [{_id: 'asc'}], ...(after ? {search_after: after} : {})})
    if (r.status !== 200) throw new Error(`search failed ${r.status}: ${r.text.slice(0, 300)}`)
    const hits = JSON.parse(r.text).hits.hits as Array<{sort: unknown[]}>
    pageTimes.push(performance.now() - t0)
    bytes += r.text.length
    if (hits.length === 0) break
    seen += hits.length
    after = hits.at(-1)!.sort
  }
  const elapsed = (performance.now() - started) / 1000
  const sorted = [...pageTimes].sort((a, b) => a - b)
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2)
  console.log(`paged ${seen} docs in ${pageTimes.length} requests, ${(bytes / 1024 / 1024).toFixed(0)} MiB, ${elapsed.toFixed(2)} s`)
  console.log(`${(pageTimes.length / elapsed).toFixed(1)} pages/s, ${Math.round(seen / elapsed)} docs/s`)
  console.log(`ms per page (client-side incl. JSON.parse): first ${pageTimes[0]!.toFixed(1)}, median ${pct(0.5)}, p95 ${pct(0.95)}, max ${sorted.at(-1)!.toFixed(1)}`)
  if (seen !== total) throw new Error(`expected ${total} docs, saw ${seen}`)
} finally {
  agent.destroy()
  await em.stop()
}
