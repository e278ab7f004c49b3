/** A hit as the explorer shows it: the terminal card's title and fields (cards.ts rules), plus highlights. */
import {flatten, formatValue, type SearchHit, titleField} from './lib.js'

export interface Card {
  index: string
  id: string
  score: number | null
  title: string
  fields: Array<[string, string]>
  /** Fragments with `<em>` around matched words; the page renders them as text, never as HTML. */
  highlight: Record<string, string[]>
  sort?: unknown[]
}

export function toCard(hit: SearchHit): Card {
  const source = hit._source ?? {}
  const titlePath = titleField(source)
  const flat = flatten(source)
  return {
    index: hit._index,
    id: hit._id,
    score: hit._score ?? null,
    title: titlePath ? formatValue(flat.get(titlePath), 120) : hit._id,
    fields: [...flat.entries()].filter(([path]) => path !== titlePath).map(([path, value]) => [path, formatValue(value, 160)]),
    highlight: hit.highlight ?? {},
    sort: hit.sort,
  }
}
