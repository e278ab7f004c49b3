/**
 * Search as you type. Pages follow `search_after` on the sort plus a unique tiebreaker (the server adds it), so
 * paging forward visits every hit once even when many share a score or a price; "Previous" replays the cursors.
 */
import {useEffect, useState} from 'preact/hooks'

import {api} from '../api.js'
import {Card, type CardData} from '../parts/card.js'
import {ErrorBox} from '../parts/error-box.js'
import {count} from '../parts/format.js'
import {useIndices} from '../parts/use-indices.js'

interface Answer {
  total: {value: number, relation: string}
  took: number
  cards: CardData[]
  next?: unknown[]
  /** Which page this answer is (cursors used), so a click waits for the answer it follows from. */
  page: number
}

interface Filter {
  field: string
  value: string
}

const DEBOUNCE_MS = 250

export function Explore({initialIndex}: {initialIndex?: string}) {
  const indices = useIndices()
  const [index, setIndex] = useState(initialIndex ?? '')
  const [mode, setMode] = useState<'simple' | 'lucene' | 'dsl'>('simple')
  const [text, setText] = useState('')
  const [sortField, setSortField] = useState('')
  const [order, setOrder] = useState<'asc' | 'desc'>('asc')
  const [size, setSize] = useState(10)
  const [filters, setFilters] = useState<Filter[]>([])
  const [cursors, setCursors] = useState<unknown[][]>([])
  const [answer, setAnswer] = useState<Answer>()
  const [error, setError] = useState<unknown>()
  const chosen = index || indices[0] || ''

  const query = {
    index: chosen,
    text: mode === 'dsl' ? undefined : text,
    lucene: mode === 'lucene',
    dsl: mode === 'dsl' ? text : undefined,
    filters,
    sort: sortField ? [`${sortField}:${order}`] : [],
    size,
  }
  const after = cursors.at(-1)
  const key = JSON.stringify({query, after})

  useEffect(() => {
    if (!chosen) return
    const page = cursors.length
    const timer = setTimeout(() => {
      api<Omit<Answer, 'page'>>('/search', {body: {...query, after}}).then((a) => {
        setAnswer({...a, page})
        setError(undefined)
      }, setError)
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [key])

  // A new query starts from the first page.
  const changed = <T,>(set: (value: T) => void) => (value: T) => {
    setCursors([])
    set(value)
  }

  const fields = [...new Set((answer?.cards ?? []).flatMap((card) => card.fields.map(([path]) => path)))].sort()
  const from = (answer?.page ?? 0) * size
  const settled = answer?.page === cursors.length

  return (
    <section aria-labelledby="explore-title" class="explore">
      <h1 id="explore-title">Search explorer</h1>
      <form class="query" onSubmit={(e) => e.preventDefault()} role="search">
        <label>Index <select value={chosen} onChange={(e) => changed(setIndex)(e.currentTarget.value)}>{indices.map((name) => <option value={name}>{name}</option>)}</select></label>
        <label>Syntax <select value={mode} onChange={(e) => changed(setMode)(e.currentTarget.value as typeof mode)}>
          <option value="simple">simple</option><option value="lucene">Lucene</option><option value="dsl">Query DSL</option>
        </select></label>
        {mode === 'dsl'
          ? <label class="grow">Query DSL <textarea rows={4} value={text} onInput={(e) => changed(setText)(e.currentTarget.value)} placeholder='{"match": {"name": "shoes"}}' /></label>
          : <label class="grow">Search <input type="search" name="q" value={text} onInput={(e) => changed(setText)(e.currentTarget.value)} placeholder={mode === 'lucene' ? 'color:red AND price:<50' : 'red shoes'} /></label>}
        <label>Sort by <input list="fields" value={sortField} onChange={(e) => changed(setSortField)(e.currentTarget.value)} placeholder="relevance" /></label>
        <label>Order <select value={order} onChange={(e) => changed(setOrder)(e.currentTarget.value as 'asc' | 'desc')}><option value="asc">ascending</option><option value="desc">descending</option></select></label>
        <label>Per page <input type="number" min="1" max="100" value={size} onChange={(e) => changed(setSize)(Math.min(100, Math.max(1, Number(e.currentTarget.value) || 10)))} /></label>
        <datalist id="fields">{fields.map((field) => <option value={field} />)}</datalist>
      </form>
      <fieldset class="filters">
        <legend>Field filters</legend>
        {filters.map((filter, i) => (
          <div class="filter">
            <label>Field <input list="fields" value={filter.field} onChange={(e) => changed(setFilters)(filters.map((f, j) => (j === i ? {...f, field: e.currentTarget.value} : f)))} /></label>
            <label>matches <input value={filter.value} onInput={(e) => changed(setFilters)(filters.map((f, j) => (j === i ? {...f, value: e.currentTarget.value} : f)))} /></label>
            <button type="button" onClick={() => changed(setFilters)(filters.filter((_, j) => j !== i))} aria-label={`Remove filter ${i + 1}`}>×</button>
          </div>
        ))}
        <button type="button" onClick={() => setFilters([...filters, {field: '', value: ''}])}>Add filter</button>
      </fieldset>
      <ErrorBox error={error} />
      {answer && (
        <>
          <p class="summary" data-testid="summary">
            {answer.total.relation === 'gte' ? '≥ ' : ''}{count(answer.total.value)} hits · {answer.took} ms
            {answer.cards.length > 0 && ` · showing ${from + 1}–${from + answer.cards.length}`}
            {' · '}<a href={`/api/export?q=${encodeURIComponent(JSON.stringify(query))}`} download>Export these results (NDJSON)</a>
          </p>
          <nav class="pager" aria-label="Result pages">
            <button type="button" disabled={cursors.length === 0 || !settled} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
            <span data-testid="page" data-settled={String(settled)}>page {answer.page + 1}</span>
            <button type="button" disabled={!answer.next || !settled} onClick={() => setCursors([...cursors, answer.next!])}>Next</button>
          </nav>
          <div class="cards">{answer.cards.map((card, i) => <Card key={`${card.index}/${card.id}`} card={card} position={from + i + 1} />)}</div>
        </>
      )}
    </section>
  )
}
