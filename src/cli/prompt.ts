/**
 * Enquirer at the terminal edge: loaded on the first question, never at start-up. Prompts draw on stderr so that
 * stdout carries only results. Every question goes through `ask`, which keeps enquirer's own colours off under
 * NO_COLOR (it paints with ansi-colors, which does not read NO_COLOR) and gives lists a height when the terminal
 * reports none (a pseudo-terminal with no size says 0 rows, and enquirer then shows no choices at all).
 */
import {colorEnabled} from './style.js'

export interface PromptIO {
  /** Default process.stdin. Tests pass a stream they write keystrokes to. */
  stdin?: NodeJS.ReadableStream
  /** Where prompts draw; default process.stderr. */
  stdout?: NodeJS.WritableStream
  /** Colour in the prompts (default: when `stdout` is a TTY and NO_COLOR is not set). NO_COLOR always wins. */
  color?: boolean
}

type EnquirerModule = typeof import('enquirer')

/** What is used when the terminal does not say its size. */
const FALLBACK_ROWS = 24
const FALLBACK_COLUMNS = 80

async function loadEnquirer(): Promise<EnquirerModule> {
  const module = await import('enquirer')
  return ((module as {default?: EnquirerModule}).default ?? module) as EnquirerModule
}

/** The colour switch handed to enquirer: our rule (NO_COLOR, FORCE_COLOR=0, TTY), not ansi-colors' own. */
export function promptColor(io: PromptIO): boolean {
  const stream = (io.stdout ?? process.stderr) as NodeJS.WriteStream
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== ''
  if (noColor) return false
  return io.color ?? colorEnabled(stream)
}

/** rows/columns only when the stream reports none; otherwise enquirer keeps following the real size. */
function sizeFallback(stream: NodeJS.WritableStream): Record<string, number> {
  const tty = stream as NodeJS.WriteStream
  const [columns, rows] = typeof tty.getWindowSize === 'function' ? tty.getWindowSize() : [tty.columns, tty.rows]
  return {...(rows ? {} : {rows: FALLBACK_ROWS}), ...(columns ? {} : {columns: FALLBACK_COLUMNS})}
}

export async function ask<T>(question: Record<string, unknown>, io: PromptIO): Promise<T> {
  const Enquirer = await loadEnquirer()
  const stdout = io.stdout ?? process.stderr
  const answer = await Enquirer.prompt({
    name: 'value',
    stdin: io.stdin ?? process.stdin,
    stdout,
    // `styles.enabled` switches ansi-colors (shared by every prompt) on or off for this question.
    styles: {enabled: promptColor(io)},
    ...sizeFallback(stdout),
    ...question,
  } as never)
  return (answer as {value: T}).value
}

interface BooleanPromptState {
  format: () => string
  state: {submitted: boolean}
  value: boolean
}

/**
 * A yes/no question. While it waits only `(Y/n)` shows (enquirer would add `‣ true`), and once answered the line
 * says yes or no.
 */
export async function enquirerConfirm(message: string, initial: boolean, io: PromptIO = {}): Promise<boolean> {
  return ask<boolean>({
    type: 'confirm',
    message,
    initial,
    onRun(prompt: BooleanPromptState) {
      prompt.format = () => (prompt.state.submitted ? (prompt.value ? 'yes' : 'no') : '')
    },
  }, io)
}

export interface Choice {
  /** What `choose` returns. */
  name: string
  /** What the list shows (default: the name). */
  label?: string
  /** What the answered line shows (default: the label); '' shows nothing. */
  shown?: string
  /** Letters that pick this entry at once (e.g. y and n). */
  keys?: string[]
}

interface SelectPromptState {
  choices: Array<{name: string}>
  focused: {name: string}
  index: number
  state: {submitted: boolean}
  format: () => string
  dispatch: (ch: string, key?: unknown) => unknown
  right: () => unknown
  left: () => unknown
  down: () => unknown
  up: () => unknown
  submit: () => unknown
  render: () => unknown
  styles: {primary: (text: string) => string}
}

/**
 * A list: ↑/↓ (or ←/→) and Enter, or a letter an entry declares. Enter without moving picks the first entry, so
 * the safe answer goes first.
 */
export async function choose(message: string, choices: Choice[], io: PromptIO, hint?: string): Promise<string> {
  const byName = new Map(choices.map((choice) => [choice.name, choice]))
  return ask<string>({
    type: 'select',
    message,
    hint,
    choices: choices.map((choice) => ({name: choice.name, message: choice.label ?? choice.name})),
    onRun(prompt: SelectPromptState) {
      prompt.format = () => {
        if (!prompt.state.submitted) return ''
        const choice = byName.get(prompt.focused.name)
        return prompt.styles.primary(choice?.shown ?? choice?.label ?? prompt.focused.name)
      }

      prompt.right = () => prompt.down()
      prompt.left = () => prompt.up()
      prompt.dispatch = (ch: string) => {
        const index = choices.findIndex((choice) => choice.keys?.includes(ch?.toLowerCase()))
        if (index < 0) return undefined
        prompt.index = index
        return prompt.submit()
      }
    },
  }, io)
}
