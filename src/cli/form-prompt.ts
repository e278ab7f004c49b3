/**
 * The terminal side of the document form: enquirer asks what form.ts planned, then the document is shown as JSON
 * with a menu to send it, edit a field (asked again, then shown again) or cancel. Prompts draw on stderr, so stdout keeps carrying only the result. Enquirer is
 * imported when the form starts, never at load time.
 *
 * Ctrl-C at any point (or "cancel" at the preview) rejects with a "cancelled" error before anything is sent.
 */
import type {Client} from '../lib/connection/client.js'
import {planFormForIndex, type FormForIndexOptions} from '../lib/documents/form-for-index.js'
import {AossError, cancelledError} from '../lib/errors.js'
import {ask, choose, type Choice, enquirerConfirm, promptColor, type PromptIO} from './prompt.js'
import {painter} from './style.js'
import {type Asker, checkFieldName, completeForm, type FieldStep, type FormPlan, type GroupStep, parseAnswer, requiredPaths, type ReviewChoice} from '../lib/documents/form.js'

export interface FormRunOptions extends PromptIO {
  /** Replaces enquirer (tests, scripted answers). */
  asker?: Asker
  /** Replaces the menu at the preview with a yes/no (tests): true sends, false cancels. */
  confirm?: (document: Record<string, unknown>) => Promise<boolean>
}

/** Choice names no field value can collide with. */
const OTHER = '\u0000other'
const SKIP = '\u0000skip'

export function cancelled(index: string): AossError {
  return cancelledError(`cancelled: nothing was written to ${index}`)
}

/** Runs the whole form: questions, JSON preview, then send / edit a field / cancel. Returns the document to send. */
export async function runForm(plan: FormPlan, options: FormRunOptions = {}): Promise<Record<string, unknown>> {
  const out = options.stdout ?? process.stderr
  const color = promptColor(options)
  const paint = color ? painter(out as NodeJS.WriteStream, true) : (_style: string, text: string) => text
  const dim = (text: string) => paint('dim', text)
  const bold = (text: string) => paint('bold', text)
  const io: PromptIO = {...options, color}
  const asker = options.asker ?? enquirerAsker(io)

  out.write(`${bold(`New document for ${plan.index}`)}\n`)
  if (plan.freeForm) {
    out.write(dim('The index has no mapping yet: enter fields one by one. Values are read as JSON (42, true, ["a","b"]) or else as text.\n'))
  } else {
    const required = requiredPaths(plan.steps)
    out.write(dim(`Empty answers leave optional fields out.${required.length > 0 ? ' * = required.' : ''} Ctrl-C cancels.\n`))
  }

  const review = async (document: Record<string, unknown>, editable: string[]): Promise<ReviewChoice> => {
    out.write(`\n${bold('Preview')}\n${JSON.stringify(document, null, 2)}\n\n`)
    if (options.confirm) return (await options.confirm(document)) ? {action: 'send'} : {action: 'cancel'}
    return reviewMenu(plan.index, document, editable, io)
  }

  let document: Record<string, unknown> | undefined
  try {
    document = await completeForm(plan, asker, review)
  } catch (error) {
    if (error instanceof AossError) throw error
    // Enquirer rejects with an empty string on Ctrl-C.
    throw cancelled(plan.index)
  }

  if (!document) throw cancelled(plan.index)
  return document
}

/** send / edit a field / cancel; y and n answer it as a yes/no would. */
async function reviewMenu(index: string, document: Record<string, unknown>, editable: string[], io: PromptIO): Promise<ReviewChoice> {
  const action = await choose(`Send this document to ${index}?`, [
    {name: 'send', label: 'send', shown: 'yes', keys: ['y', 's']},
    {name: 'edit', label: 'edit a field', keys: ['e']},
    {name: 'cancel', label: 'cancel', shown: 'no', keys: ['n', 'c']},
  ], io, '(↑/↓ or y/e/n, Enter)')
  if (action !== 'edit') return {action: action as 'send' | 'cancel'}
  const width = Math.max(...editable.map((name) => name.length))
  const key = await choose('Edit which field?', editable.map((name) => ({name, label: `${name.padEnd(width)}  ${currentValue(document[name])}`, shown: name})), io, '(↑/↓, Enter)')
  return {action: 'edit', key}
}

function currentValue(value: unknown): string {
  if (value === undefined) return '(empty)'
  const text = JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 39)}…` : text
}

function label(step: FieldStep): string {
  return `${step.path}${step.required ? ' *' : ''} (${step.type}${step.array ? ' list' : ''})`
}

/** Moves up over the line just answered and clears it, so "other…" is not left on screen as if it were the value. */
const ERASE_PREVIOUS_LINE = '\u001B[1A\u001B[2K\r'

/**
 * Asks with enquirer: input checked on Enter for most types, a list for booleans and for keyword fields with few
 * values. Optional lists start with "(leave empty)", so Enter alone leaves the field out, as it does for text.
 */
export function enquirerAsker(io: PromptIO = {}): Asker {
  const out = io.stdout ?? process.stderr
  const validate = (step: FieldStep) => (value: string) => {
    const parsed = parseAnswer(step, value)
    return parsed.ok ? true : parsed.error
  }

  const skip = (step: FieldStep): Choice[] => (step.required ? [] : [{name: SKIP, label: '(leave empty)', shown: ''}])

  return {
    async field(step) {
      if (step.prompt === 'toggle') {
        const picked = await choose(label(step), [
          ...skip(step),
          {name: 'true', keys: ['y', 't']},
          {name: 'false', keys: ['n', 'f']},
        ], io, `${step.hint} (↑/↓ or y/n, Enter)`)
        return picked === SKIP ? '' : picked === 'true'
      }

      if (step.prompt === 'select' && step.choices) {
        const picked = await choose(label(step), [
          ...skip(step),
          ...step.choices.map((name) => ({name})),
          {name: OTHER, label: 'other…', shown: ''},
        ], io, `${step.hint} (↑/↓, Enter)`)
        if (picked === SKIP) return ''
        if (picked !== OTHER) return picked
        out.write(ERASE_PREVIOUS_LINE)
        return ask<string>({type: 'input', message: label(step), hint: 'type the value', validate: validate(step)}, io)
      }

      return ask<string>({type: 'input', message: label(step), hint: step.hint, validate: validate(step)}, io)
    },

    async group(step: GroupStep, entry: number) {
      if (!step.nested) {
        out.write(`── ${step.path}${step.required ? ' *' : ''} ──\n`)
        return true
      }

      const more = await enquirerConfirm(entry === 0 ? `Add a ${step.path} entry?` : `Add another ${step.path} entry?`, entry === 0 && step.required, io)
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
