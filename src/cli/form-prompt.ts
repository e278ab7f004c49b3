/**
 * The terminal side of the document form: enquirer asks what form.ts planned, then the document is shown as JSON
 * and sent only after a confirm. Prompts draw on stderr, so stdout keeps carrying only the result. Enquirer is
 * imported when the form starts, never at load time.
 *
 * Ctrl-C at any point (or "no" at the confirm) rejects with a "cancelled" error before anything is sent.
 */
import type {Client} from '../lib/connection/client.js'
import {planFormForIndex, type FormForIndexOptions} from '../lib/documents/form-for-index.js'
import {AossError, cancelledError} from '../lib/errors.js'
import {ask, enquirerConfirm, type PromptIO} from './prompt.js'
import {painter} from './style.js'
import {type Asker, checkFieldName, fillForm, type FieldStep, type FormPlan, type GroupStep, parseAnswer, requiredPaths} from '../lib/documents/form.js'

export interface FormRunOptions extends PromptIO {
  /** Replaces enquirer (tests, scripted answers). */
  asker?: Asker
  /** Replaces the final confirm. */
  confirm?: (document: Record<string, unknown>) => Promise<boolean>
  /** Colour for headings and the preview (default: when stdout is a TTY). */
  color?: boolean
}

const OTHER = 'other…'
const SKIP = '(leave empty)'

export function cancelled(index: string): AossError {
  return cancelledError(`cancelled: nothing was written to ${index}`)
}

/** Runs the whole form: questions, JSON preview, confirm. Returns the document to send. */
export async function runForm(plan: FormPlan, options: FormRunOptions = {}): Promise<Record<string, unknown>> {
  const out = options.stdout ?? process.stderr
  const paint = options.color === false ? (_style: string, text: string) => text : painter(out as NodeJS.WriteStream, options.color)
  const dim = (text: string) => paint('dim', text)
  const bold = (text: string) => paint('bold', text)
  const asker = options.asker ?? enquirerAsker(options)

  out.write(`${bold(`New document for ${plan.index}`)}\n`)
  if (plan.freeForm) {
    out.write(dim('The index has no mapping yet: enter fields one by one. Values are read as JSON (42, true, ["a","b"]) or else as text.\n'))
  } else {
    const required = requiredPaths(plan.steps)
    out.write(dim(`Empty answers leave optional fields out.${required.length > 0 ? ' * = required.' : ''} Ctrl-C cancels.\n`))
  }

  let document: Record<string, unknown>
  let send: boolean
  try {
    document = await fillForm(plan, asker)
    out.write(`\n${bold('Preview')}\n${JSON.stringify(document, null, 2)}\n\n`)
    send = options.confirm ? await options.confirm(document) : await enquirerConfirm(`Send this document to ${plan.index}?`, true, options)
  } catch (error) {
    if (error instanceof AossError) throw error
    // Enquirer rejects with an empty string on Ctrl-C.
    throw cancelled(plan.index)
  }

  if (!send) throw cancelled(plan.index)
  return document
}

function label(step: FieldStep): string {
  return `${step.path}${step.required ? ' *' : ''} (${step.type}${step.array ? ' list' : ''})`
}

/** Asks with enquirer: input with validation for most types, a toggle for booleans, a list for few values. */
export function enquirerAsker(io: PromptIO = {}): Asker {
  const out = io.stdout ?? process.stderr
  const validate = (step: FieldStep) => (value: string) => {
    const parsed = parseAnswer(step, value)
    return parsed.ok ? true : parsed.error
  }

  return {
    async field(step) {
      if (step.prompt === 'toggle') {
        return ask<boolean>({
          type: 'toggle',
          message: label(step),
          enabled: 'true',
          disabled: 'false',
          initial: false,
          hint: step.hint,
          // Once answered, show the choice alone: "false / true" with an underline does not survive a plain log.
          onRun(prompt: {format: () => string, state: {submitted: boolean}, value: boolean}) {
            const both = prompt.format
            prompt.format = () => (prompt.state.submitted ? String(prompt.value) : both())
          },
        }, io)
      }

      if (step.prompt === 'select' && step.choices) {
        const choices = [...step.choices, OTHER, ...(step.required ? [] : [SKIP])]
        const picked = await ask<string>({type: 'select', message: label(step), choices, hint: step.hint}, io)
        if (picked === SKIP) return ''
        if (picked !== OTHER) return picked
        return ask<string>({type: 'input', message: `${step.path} (other value)`, validate: validate(step)}, io)
      }

      return ask<string>({type: 'input', message: label(step), hint: step.hint, validate: validate(step)}, io)
    },

    async group(step: GroupStep, entry: number) {
      if (!step.nested) {
        out.write(`── ${step.path}${step.required ? ' *' : ''} ──\n`)
        return true
      }

      const more = await ask<boolean>({
        type: 'confirm',
        message: entry === 0 ? `Add a ${step.path} entry?` : `Add another ${step.path} entry?`,
        initial: entry === 0 && step.required,
      }, io)
      if (more) out.write(`── ${step.path}[${entry}] ──\n`)
      return more
    },

    async freeKey(count) {
      return ask<string>({
        type: 'input',
        message: count === 0 ? 'Field name' : 'Next field name (empty to finish)',
        validate: (value: string) => (value.trim() === '' ? (count === 0 ? 'enter at least one field' : true) : checkFieldName(value)),
      }, io)
    },

    async freeValue(key) {
      return ask<string>({type: 'input', message: `${key} value`, hint: 'JSON or text'}, io)
    },
  }
}

/**
 * Answers taken in order from a list: a field's text (or boolean), a nested group's yes/no, free keys and values.
 * For tests and scripted demos; runs out → the form is cancelled, as with Ctrl-C.
 */
export function scriptedAsker(answers: Array<string | boolean>): Asker {
  const queue = [...answers]
  const next = async <T>(): Promise<T> => {
    if (queue.length === 0) throw ''
    return queue.shift() as T
  }

  return {
    async field(step) {
      const answer = await next<string | boolean>()
      const parsed = parseAnswer(step, answer)
      if (!parsed.ok) throw new AossError('USAGE', `scripted answer for ${step.path} is invalid: ${parsed.error}`)
      return answer
    },
    group: async (step) => (step.nested ? next<boolean>() : true),
    freeKey: () => next<string>(),
    freeValue: () => next<string>(),
  }
}

export interface DocumentFromFormOptions extends FormRunOptions, FormForIndexOptions {}

/** `doc put --interactive`: the plan from the index's mapping, asked at the terminal, previewed and confirmed. */
export async function documentFromForm(client: Client, index: string, options: DocumentFromFormOptions = {}): Promise<Record<string, unknown>> {
  return runForm(await planFormForIndex(client, index, options), options)
}
