/** Health at a glance: where, what flavour, how fast it answers, and every index with its size. */
import {useEffect, useState} from 'preact/hooks'

import {api} from '../api.js'
import {Bars} from '../parts/bars.js'
import {ErrorBox} from '../parts/error-box.js'
import {bytes, count} from '../parts/format.js'

interface IndexRow {
  index: string
  health?: string
  docs?: number
  storeBytes?: number
}

interface Health {
  endpoint: string
  flavour: string
  status: string
  reachable: boolean
  latencyMs: number
  version?: string
  indices: IndexRow[]
  totals: {indices: number, docs: number, storeBytes: number}
  notes: string[]
}

type SortKey = 'index' | 'docs' | 'storeBytes'

export function Dashboard({go}: {go: (path: string) => void}) {
  const [health, setHealth] = useState<Health>()
  const [error, setError] = useState<unknown>()
  const [every, setEvery] = useState(15)
  const [paused, setPaused] = useState(false)
  const [sort, setSort] = useState<{key: SortKey, desc: boolean}>({key: 'index', desc: false})

  const load = () => api<Health>('/health').then((h) => {
    setHealth(h)
    setError(undefined)
  }, setError)
  useEffect(() => {
    load()
    if (paused) return
    const timer = setInterval(load, every * 1000)
    return () => clearInterval(timer)
  }, [every, paused])

  const rows = [...(health?.indices ?? [])].sort((a, b) => {
    const left = a[sort.key] ?? -1
    const right = b[sort.key] ?? -1
    const order = typeof left === 'string' ? left.localeCompare(String(right)) : (left as number) - (right as number)
    return sort.desc ? -order : order
  })
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort" onClick={() => setSort({key, desc: sort.key === key ? !sort.desc : key !== 'index'})}>{label}</button>
    </th>
  )

  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">Dashboard</h1>
      <div class="toolbar">
        <label>Refresh every <input type="number" min="2" value={every} onChange={(e) => setEvery(Math.max(2, Number(e.currentTarget.value) || 15))} /> s</label>
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>{paused ? 'Resume' : 'Pause'}</button>
        <button type="button" onClick={load}>Refresh now</button>
      </div>
      <ErrorBox error={error} />
      {health && (
        <>
          <dl class="facts" data-testid="facts">
            <div><dt>Endpoint</dt><dd>{health.endpoint}</dd></div>
            <div><dt>Flavour</dt><dd>{health.flavour}{health.version ? ` ${health.version}` : ''}</dd></div>
            <div><dt>Status</dt><dd><span class={`status ${health.status}`}>{health.status}</span></dd></div>
            <div><dt>Reachable</dt><dd>{health.reachable ? 'yes' : 'no'} · {health.latencyMs} ms</dd></div>
            <div><dt>Indexes</dt><dd>{count(health.totals.indices)} · {count(health.totals.docs)} docs · {bytes(health.totals.storeBytes)}</dd></div>
          </dl>
          {health.notes.map((note) => <p class="note">{note}</p>)}
          <div class="charts">
            <Bars title="Documents per index" bars={rows.map((row) => ({label: row.index, value: row.docs ?? 0}))} format={count} />
            <Bars title="Bytes per index" bars={rows.map((row) => ({label: row.index, value: row.storeBytes ?? 0}))} format={bytes} />
          </div>
          <table class="indices" data-testid="indices">
            <caption>Indexes</caption>
            <thead><tr>{header('index', 'Index')}{header('docs', 'Documents')}{header('storeBytes', 'Size')}<th>Open in</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr data-index={row.index}>
                  <td>{row.index}</td>
                  <td class="num" data-testid="docs">{count(row.docs)}</td>
                  <td class="num">{bytes(row.storeBytes)}</td>
                  <td class="links">
                    <a href={`/explore?index=${encodeURIComponent(row.index)}`} onClick={(e) => { e.preventDefault(); go(`/explore?index=${encodeURIComponent(row.index)}`) }}>search</a>
                    <a href={`/entry?index=${encodeURIComponent(row.index)}`} onClick={(e) => { e.preventDefault(); go(`/entry?index=${encodeURIComponent(row.index)}`) }}>add</a>
                    <a href={`/index?name=${encodeURIComponent(row.index)}`} onClick={(e) => { e.preventDefault(); go(`/index?name=${encodeURIComponent(row.index)}`) }}>mapping</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
