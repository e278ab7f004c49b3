/** Create an index from a JSON editor (the CLI's body rules and Serverless settings filter), view a mapping, delete one. */
import {useEffect, useState} from 'preact/hooks'

import {api, enc} from '../api.js'
import {ErrorBox} from '../parts/error-box.js'
import {useIndices} from '../parts/use-indices.js'

const EXAMPLE = `{
  "mappings": {
    "properties": {
      "name": {"type": "text"},
      "price": {"type": "float"}
    }
  }
}`

interface Created {
  index: string
  created: boolean
  droppedSettings: string[]
  refusedByFlavour: string[]
}

export function IndexPage({initialName}: {initialName?: string}) {
  const indices = useIndices()
  const [name, setName] = useState('')
  const [body, setBody] = useState(EXAMPLE)
  const [created, setCreated] = useState<Created>()
  const [createError, setCreateError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [viewed, setViewed] = useState(initialName ?? '')
  const [mapping, setMapping] = useState<unknown>()
  const [viewError, setViewError] = useState<unknown>()
  const [confirm, setConfirm] = useState('')
  const [deleted, setDeleted] = useState<string>()

  useEffect(() => {
    setMapping(undefined)
    setViewError(undefined)
    if (viewed) api(`/indices/${enc(viewed)}/mapping`).then(setMapping, setViewError)
  }, [viewed])

  const create = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setCreated(undefined)
    setCreateError(undefined)
    try {
      setCreated(await api<Created>('/indices', {body: {index: name, body}}))
    } catch (error) {
      setCreateError(error)
    } finally {
      setBusy(false)
    }
  }

  const remove = async (event: Event) => {
    event.preventDefault()
    try {
      await api(`/indices/${enc(viewed)}`, {method: 'DELETE', body: {confirm}})
      setDeleted(viewed)
      setViewed('')
      setConfirm('')
    } catch (error) {
      setViewError(error)
    }
  }

  return (
    <section aria-labelledby="index-title">
      <h1 id="index-title">Indexes</h1>
      <form class="panel" onSubmit={create}>
        <h2>Create an index</h2>
        <label>Name <input value={name} onInput={(e) => setName(e.currentTarget.value)} required pattern="[^A-Z]+" /></label>
        <label class="grow">Mappings and settings (JSON, as <code>aoss index get</code> prints it)
          <textarea rows={12} spellcheck={false} value={body} onInput={(e) => setBody(e.currentTarget.value)} class="code" />
        </label>
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Creating… (waiting until it accepts writes)' : 'Create'}</button>
        <ErrorBox error={createError} />
        {created && (
          <p role="status" class="saved">
            {created.created ? 'Created' : 'Already there:'} {created.index}.
            {created.refusedByFlavour.length > 0 && ` Dropped ${created.refusedByFlavour.join(', ')}: OpenSearch Serverless manages shards and replicas itself.`}
          </p>
        )}
      </form>
      <div class="panel">
        <h2>Mapping</h2>
        <label>Index <select value={viewed} onChange={(e) => setViewed(e.currentTarget.value)}>
          <option value="">(choose)</option>
          {indices.map((index) => <option value={index}>{index}</option>)}
        </select></label>
        {deleted && <p role="status" class="saved">Deleted {deleted}.</p>}
        <ErrorBox error={viewError} />
        {mapping !== undefined && <pre class="json">{JSON.stringify(mapping, null, 2)}</pre>}
        {viewed && (
          <form onSubmit={remove} class="danger">
            <label>Type <code>{viewed}</code> to delete it <input value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} autocomplete="off" /></label>
            <button type="submit" disabled={confirm !== viewed}>Delete {viewed}</button>
          </form>
        )}
      </div>
    </section>
  )
}
