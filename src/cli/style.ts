/**
 * Colour only for people: on a TTY, and never when NO_COLOR is set or FORCE_COLOR=0.
 */
import {styleText} from 'node:util'

type Style = Parameters<typeof styleText>[0]

function noColor(): boolean {
  return process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== ''
}

export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  if (noColor()) return false
  if (process.env.FORCE_COLOR === '0') return false
  if (process.env.FORCE_COLOR) return true
  return Boolean(stream.isTTY)
}

/** `force` (true) colours even off a TTY, for tests; NO_COLOR still wins. */
export function painter(stream: NodeJS.WriteStream, force?: boolean): (style: Style, text: string) => string {
  const on = force && !noColor() ? true : colorEnabled(stream)
  return (style, text) => (on ? styleText(style, text) : text)
}
