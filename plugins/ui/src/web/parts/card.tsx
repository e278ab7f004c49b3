/** One hit, as the terminal's card: title, score, id, matched fragments, then the fields. */
import {useState} from 'preact/hooks'

// The server builds cards (server/cards.ts) and sends them as JSON: one definition of their shape.
import type {Card as CardData} from '../../server/cards.js'
import {api, enc} from '../api.js'
import {ErrorBox} from './error-box.js'
import {Highlight} from './highlight.js'

export type {CardData}

const SHOWN_FIELDS = 8

export function Card({card, position}: {card: CardData, position: number}) {
  const [doc, setDoc] = useState<unknown>()
  const [error, setError] = useState<unknown>()
  const seen = new Set<string>()
  const matches = Object.entries(card.highlight).filter(([, fragments]) => {
    const key = fragments.join(' … ')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const open = () => api(`/indices/${enc(card.index)}/docs/${enc(card.id)}`).then(setDoc, setError)

  return (
    <article class="card" data-id={card.id}>
      <header>
        <span class="pos">{position}.</span> <h3>{card.title}</h3>
        {card.score !== null && <span class="score">score {card.score.toFixed(2)}</span>}
      </header>
      <dl>
        <div><dt>_id</dt><dd>{card.id}</dd></div>
        {matches.map(([field, fragments]) => (
          <div class="match"><dt>{field}</dt><dd>{fragments.map((fragment, i) => <>{i > 0 && ' … '}<Highlight fragment={fragment} /></>)}</dd></div>
        ))}
        {card.fields.slice(0, SHOWN_FIELDS).map(([path, value]) => <div><dt>{path}</dt><dd>{value}</dd></div>)}
        {card.fields.length > SHOWN_FIELDS && <div><dt /><dd class="dim">… {card.fields.length - SHOWN_FIELDS} more fields</dd></div>}
      </dl>
      <button type="button" onClick={() => (doc ? setDoc(undefined) : open())} aria-expanded={Boolean(doc)}>{doc ? 'Hide document' : 'View document'}</button>
      <ErrorBox error={error} />
      {doc !== undefined && <pre class="json">{JSON.stringify(doc, null, 2)}</pre>}
    </article>
  )
}
