/**
 * Data entry: the form `doc put --interactive` asks, as a page. Every change is checked by the server with the
 * same rules (debounced), so an error shows beside its field while typing and the JSON preview is what will be sent.
 */
import {useEffect, useState} from 'preact/hooks'

import {api, ApiError, enc} from '../api.js'
import {setAt, type Position, type Tree} from '../parts/answers.js'
import {ErrorBox} from '../parts/error-box.js'
import {Fields, type Step} from '../parts/form-fields.js'
import {useIndices} from '../parts/use-indices.js'

interface Plan {
  index: string
  steps: Step[]
  freeForm: boolean
}

interface Check {
  document: Record<string, unknown>
  errors: Record<string, string>
}

export function Entry({initialIndex}: {initialIndex?: string}) {
  const indices = useIndices()
  const [index, setIndex] = useState(initialIndex ?? '')
  const [plan, setPlan] = useState<Plan>()
  const [answers, setAnswers] = useState<Tree>({})
  const [json, setJson] = useState('{\n  \n}')
  const [id, setId] = useState('')
  const [check, setCheck] = useState<Check>({document: {}, errors: {}})
  const [error, setError] = useState<unknown>()
  const [saved, setSaved] = useState<{id: string, index: string, result: string}>()
  const chosen = index || indices[0] || ''

  useEffect(() => {
    if (!chosen) return
    setPlan(undefined)
    setAnswers({})
    api<Plan>(`/indices/${enc(chosen)}/form`).then(setPlan, setError)
  }, [chosen])

  const draft = () => (plan?.freeForm ? {json} : {answers})
  useEffect(() => {
    if (!plan) return
    const timer = setTimeout(() => {
      api<Check>(`/indices/${enc(chosen)}/form/check`, {body: draft()}).then((c) => {
        setCheck(c)
        setError(undefined)
      }, setError)
    }, 200)
    return () => clearTimeout(timer)
  }, [plan, answers, json])

  const set = (at: Position, value: unknown) => setAnswers((current) => setAt(current, at, value))
  const send = async (event: Event) => {
    event.preventDefault()
    setSaved(undefined)
    try {
      setSaved(await api(`/indices/${enc(chosen)}/docs`, {body: {...draft(), id: id || undefined}}))
      setError(undefined)
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 422) setCheck({...check, errors: failure.extra.errors as Record<string, string>})
      else setError(failure)
    }
  }

  const invalid = Object.keys(check.errors).length > 0
  return (
    <section aria-labelledby="entry-title" class="entry-page">
      <h1 id="entry-title">Add a document</h1>
      <label>Index <select value={chosen} onChange={(e) => setIndex(e.currentTarget.value)}>{indices.map((name) => <option value={name}>{name}</option>)}</select></label>
      <ErrorBox error={error} />
      {plan && (
        <form class="doc-form" onSubmit={send} noValidate>
          <div class="field"><label for="doc-id">Document id <span class="type">optional</span></label><input id="doc-id" value={id} onInput={(e) => setId(e.currentTarget.value)} aria-describedby="doc-id-hint" /><small id="doc-id-hint" class="hint">empty: the server assigns one</small></div>
          {plan.freeForm
            ? <div class="field"><label for="free-json">Document (JSON): {chosen} has no mapping yet</label><textarea id="free-json" rows={10} value={json} onInput={(e) => setJson(e.currentTarget.value)} /></div>
            : <Fields steps={plan.steps} parent="" at={[]} answers={answers} errors={check.errors} set={set} />}
          <h2>Preview</h2>
          <pre class="json" data-testid="preview">{JSON.stringify(check.document, null, 2)}</pre>
          <button type="submit" disabled={invalid} class="primary">Save document</button>
          {invalid && <p class="field-error">Fix the marked fields first.</p>}
        </form>
      )}
      {saved && (
        <p class="saved" role="status" data-testid="saved" data-id={saved.id}>
          {saved.result} document <a href={`/api/indices/${enc(saved.index)}/docs/${enc(saved.id)}`}>{saved.id}</a> in {saved.index}
        </p>
      )}
    </section>
  )
}
