/**
 * The page's form answers → a document, checked field by field with the same rules as `doc put --interactive`
 * (form.ts parseAnswer). Answers mirror the document: an object group is an object of answers, a nested group a
 * list of them; a leaf is the text typed, a boolean, or null for "left unset". Errors are keyed by the answer's
 * position (`variants.0.stock`), which is how the page names its inputs.
 */
import {parseAnswer, type Step} from './lib.js'

export type Answers = Record<string, unknown>

export interface FormOutcome {
  document: Record<string, unknown>
  errors: Record<string, string>
}

export function documentFromAnswers(steps: Step[], answers: Answers, parentPath = '', now?: () => Date): FormOutcome {
  const document: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const step of steps) {
    const name = parentPath ? step.path.slice(parentPath.length + 1) : step.path
    const raw = answers?.[name]
    if (step.kind === 'group') {
      const entries = step.nested ? (Array.isArray(raw) ? raw : []) : raw && typeof raw === 'object' ? [raw] : []
      const built: Array<Record<string, unknown>> = []
      entries.forEach((entry, i) => {
        const inner = documentFromAnswers(step.steps, (entry ?? {}) as Answers, step.path, now)
        const prefix = step.nested ? `${name}.${i}` : name
        for (const [key, message] of Object.entries(inner.errors)) errors[`${prefix}.${key}`] = message
        if (Object.keys(inner.document).length > 0) built.push(inner.document)
      })
      if (step.nested && built.length > 0) document[name] = built
      else if (!step.nested && built.length > 0) document[name] = built[0]
      else if (step.required) errors[name] = `${step.path} is required`
      continue
    }

    if (raw === null || raw === undefined) {
      if (step.required) errors[name] = `${step.path} is required`
      continue
    }

    const parsed = parseAnswer(step, typeof raw === 'boolean' ? raw : String(raw), now)
    if (!parsed.ok) errors[name] = parsed.error
    else if ('value' in parsed) document[name] = parsed.value
  }

  return {document, errors}
}
