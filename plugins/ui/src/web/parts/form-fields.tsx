/** Inputs for a form plan: one per field step, fieldsets for objects, repeatable fieldsets for nested lists. */
import {useState} from 'preact/hooks'

// The plan arrives as JSON from the server, which builds it with the library's planner: one definition of its shape.
import type {FieldStep, GroupStep, Step} from '../../../../../src/lib/documents/form.js'
import {getAt, keyOf, type Position, type Tree} from './answers.js'

export type {FieldStep, GroupStep, Step}

interface Props {
  steps: Step[]
  parent: string
  at: Position
  answers: Tree
  errors: Record<string, string>
  set: (at: Position, value: unknown) => void
}

const leaf = (step: Step, parent: string) => (parent ? step.path.slice(parent.length + 1) : step.path)

export function Fields({steps, parent, at, answers, errors, set}: Props) {
  return (
    <>
      {steps.map((step) => {
        const name = leaf(step, parent)
        const here = [...at, name]
        if (step.kind === 'field') return <Field step={step} at={here} value={getAt(answers, here)} error={errors[keyOf(here)]} set={set} />
        if (!step.nested) {
          return (
            <fieldset class="group">
              <legend>{name}</legend>
              <Fields steps={step.steps} parent={step.path} at={here} answers={answers} errors={errors} set={set} />
            </fieldset>
          )
        }

        const entries = (getAt(answers, here) as unknown[] | undefined) ?? []
        return (
          <fieldset class="group nested">
            <legend>{name} <span class="dim">(list)</span></legend>
            {entries.map((_, i) => (
              <fieldset class="entry">
                <legend>{name} #{i + 1}</legend>
                <Fields steps={step.steps} parent={step.path} at={[...here, i]} answers={answers} errors={errors} set={set} />
                <button type="button" onClick={() => set(here, entries.filter((__, j) => j !== i))}>Remove {name} #{i + 1}</button>
              </fieldset>
            ))}
            <button type="button" onClick={() => set(here, [...entries, {}])}>Add {name}</button>
          </fieldset>
        )
      })}
    </>
  )
}

function Field({step, at, value, error, set}: {step: FieldStep, at: Position, value: unknown, error?: string, set: Props['set']}) {
  const id = `f-${keyOf(at)}`
  const [other, setOther] = useState(false)
  const described = `${id}-hint${error ? ` ${id}-error` : ''}`
  const common = {id, name: keyOf(at), 'aria-invalid': Boolean(error), 'aria-describedby': described, required: step.required}
  let input
  if (step.prompt === 'toggle') {
    input = (
      <select {...common} value={value === true ? 'true' : value === false ? 'false' : ''} onChange={(e) => set(at, e.currentTarget.value === '' ? null : e.currentTarget.value === 'true')}>
        <option value="">(unset)</option><option value="true">true</option><option value="false">false</option>
      </select>
    )
  } else if (step.prompt === 'select' && !other) {
    input = (
      <select {...common} value={(value as string) ?? ''} onChange={(e) => (e.currentTarget.value === '\u0000other' ? setOther(true) : set(at, e.currentTarget.value === '' ? null : e.currentTarget.value))}>
        <option value="">(unset)</option>
        {step.choices!.map((choice) => <option value={choice}>{choice}</option>)}
        <option value={'\u0000other'}>other…</option>
      </select>
    )
  } else {
    const Tag = step.prompt === 'json' ? 'textarea' : 'input'
    input = <Tag {...common} value={(value as string) ?? ''} onInput={(e: Event) => set(at, (e.currentTarget as HTMLInputElement).value === '' ? null : (e.currentTarget as HTMLInputElement).value)} />
  }

  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{step.path.split('.').at(-1)}{step.required ? ' *' : ''} <span class="type">{step.type}</span></label>
      {input}
      <small id={`${id}-hint`} class="hint">{step.hint}</small>
      {error && <small id={`${id}-error`} class="field-error" role="alert">{error}</small>}
    </div>
  )
}
