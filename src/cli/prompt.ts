/**
 * Enquirer at the terminal edge: loaded on the first question, never at start-up. Prompts draw on stderr so that
 * stdout carries only results.
 */

export interface PromptIO {
  /** Default process.stdin. Tests pass a stream they write keystrokes to. */
  stdin?: NodeJS.ReadableStream
  /** Where prompts draw; default process.stderr. */
  stdout?: NodeJS.WritableStream
}

type EnquirerModule = typeof import('enquirer')

async function loadEnquirer(): Promise<EnquirerModule> {
  const module = await import('enquirer')
  return ((module as {default?: EnquirerModule}).default ?? module) as EnquirerModule
}

export async function ask<T>(question: Record<string, unknown>, io: PromptIO): Promise<T> {
  const Enquirer = await loadEnquirer()
  const answer = await Enquirer.prompt({
    name: 'value',
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stderr,
    ...question,
  } as never)
  return (answer as {value: T}).value
}

export async function enquirerConfirm(message: string, initial: boolean, io: PromptIO = {}): Promise<boolean> {
  return ask<boolean>({type: 'confirm', message, initial}, io)
}
