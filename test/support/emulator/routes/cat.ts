/**
 * `_cat/indices` and `_cat/count`: a space-aligned text table by default, `format=json` gives
 * rows of strings; `v` adds the header, `h=` picks columns, `s=` sorts, `bytes=` fixes the unit.
 * Which columns AOSS fills is unconfirmed [S1]; see EmulatorOptions.catServerlessColumns.
 */
import {jsonReply, textReply, type Reply, type RequestContext} from '../http.js'

type Row = Record<string, string>

const INDEX_COLUMNS = ['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size']
const NUMERIC = new Set(['pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size', 'count', 'epoch'])
const ALIASES: Record<string, string> = {
  h: 'health', s: 'status', i: 'index', idx: 'index', id: 'uuid', p: 'pri', 'shards.primary': 'pri', r: 'rep', 'shards.replica': 'rep',
  dc: 'docs.count', docsCount: 'docs.count', dd: 'docs.deleted', docsDeleted: 'docs.deleted', ss: 'store.size', storeSize: 'store.size',
}
const UNITS: Record<string, number> = {b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4}

/** OpenSearch's ByteSizeValue text: "208b", "4.2kb", "1.1mb". */
function humanBytes(n: number): string {
  for (const unit of ['tb', 'gb', 'mb', 'kb']) {
    const size = UNITS[unit]!
    if (n >= size) return `${Number((n / size).toFixed(1))}${unit}`
  }
  return `${n}b`
}

function bytesText(n: number, unit: string | null): string {
  if (unit !== null && UNITS[unit] !== undefined) return String(Math.floor(n / UNITS[unit]!))
  return humanBytes(n)
}

function render(ctx: RequestContext, rows: Row[], defaults: string[], parseNumber: Record<string, (v: string) => number> = {}): Reply {
  const requested = ctx.query.get('h')
  const columns = requested === null ? defaults : requested.split(',').map((c) => ALIASES[c] ?? c).filter((c) => defaults.includes(c))
  const sortSpec = ctx.query.get('s')
  if (sortSpec !== null) {
    const keys = sortSpec.split(',').map((k) => {
      const [name, order] = k.split(':')
      return {name: ALIASES[name!] ?? name!, desc: order === 'desc'}
    })
    rows.sort((a, b) => {
      for (const {name, desc} of keys) {
        const parse = parseNumber[name] ?? Number
        const x = a[name] ?? ''
        const y = b[name] ?? ''
        const c = NUMERIC.has(name) ? parse(x) - parse(y) : x < y ? -1 : x > y ? 1 : 0
        if (c !== 0) return desc ? -c : c
      }
      return 0
    })
  }
  const picked = rows.map((row) => Object.fromEntries(columns.filter((c) => c in row).map((c) => [c, row[c]!])))
  if (ctx.query.get('format') === 'json') return jsonReply(200, picked)
  const shown = columns.filter((c) => rows.length === 0 || c in rows[0]!)
  const table = ctx.flag('v') ? [Object.fromEntries(shown.map((c) => [c, c])), ...picked] : picked
  const widths = shown.map((c) => Math.max(...table.map((r) => (r[c] ?? '').length)))
  const lines = table.map((r, li) =>
    shown.map((c, i) => (NUMERIC.has(c) && !(li === 0 && ctx.flag('v')) ? (r[c] ?? '').padStart(widths[i]!) : (r[c] ?? '').padEnd(widths[i]!))).join(' ').trimEnd(),
  )
  return textReply(200, lines.length === 0 ? '' : lines.join('\n') + '\n')
}

export function catIndices(ctx: RequestContext): Reply {
  const core = ctx.core
  const now = core.now()
  const bytesUnit = ctx.query.get('bytes')
  const blank = core.serverless && core.opts.catServerlessColumns !== 'filled'
  const drop = core.serverless && core.opts.catServerlessColumns === 'absent'
  const rows = core.resolve(ctx.params.index).map((index): Row => {
    const bytes = index.storeBytes(now)
    const row: Row = {
      health: blank ? '' : 'green',
      status: 'open',
      index: index.name,
      uuid: index.uuid,
      pri: blank ? '' : (index.settings['index.number_of_shards'] ?? '1'),
      rep: blank ? '' : (index.settings['index.number_of_replicas'] ?? '1'),
      'docs.count': String(index.searchableCount(now)),
      'docs.deleted': String(index.docsDeleted),
      'store.size': bytesText(bytes * (blank ? 1 : 2), bytesUnit),
      'pri.store.size': bytesText(bytes, bytesUnit),
    }
    if (drop) for (const c of ['health', 'pri', 'rep']) delete row[c]
    return row
  })
  const parseBytes = (v: string) => {
    const m = /^([\d.]+)([a-z]*)$/.exec(v)
    return m ? Number(m[1]) * (UNITS[m[2] || 'b'] ?? 1) : 0
  }
  return render(ctx, rows, INDEX_COLUMNS, {'store.size': parseBytes, 'pri.store.size': parseBytes})
}

export function catCount(ctx: RequestContext): Reply {
  const now = ctx.core.now()
  const count = ctx.core.resolve(ctx.params.index).reduce((n, i) => n + i.searchableCount(now), 0)
  const time = new Date(now).toISOString().slice(11, 19)
  return render(ctx, [{epoch: String(Math.floor(now / 1000)), timestamp: time, count: String(count)}], ['epoch', 'timestamp', 'count'])
}

/** AOSS's automatic hourly snapshots [S7]: one fake snapshot, enough for listing code paths. */
export function catSnapshots(ctx: RequestContext): Reply {
  if (!ctx.core.serverless || ctx.params.repo !== 'aoss-automated') {
    return jsonReply(404, {error: {root_cause: [{type: 'repository_missing_exception', reason: `[${ctx.params.repo}] missing`}], type: 'repository_missing_exception', reason: `[${ctx.params.repo}] missing`}, status: 404})
  }
  const hour = Math.floor(ctx.core.now() / 3_600_000) * 3_600_000
  const id = new Date(hour).toISOString().replace(/[-:]/g, '').slice(0, 13).toLowerCase()
  const rows: Row[] = [{
    id: `${id}-automated`, status: 'SUCCESS', start_epoch: String(hour / 1000), start_time: new Date(hour).toISOString().slice(11, 19),
    end_epoch: String(hour / 1000 + 60), end_time: new Date(hour + 60_000).toISOString().slice(11, 19), duration: '1m',
    indices: String(ctx.core.state.indices.size), successful_shards: String(ctx.core.state.indices.size), failed_shards: '0', total_shards: String(ctx.core.state.indices.size),
  }]
  return render(ctx, rows, Object.keys(rows[0]!))
}
