/**
 * Colour only for people: on a TTY, and never when NO_COLOR is set or FORCE_COLOR=0.
 */
import {styleText} from 'node:util'

type Style = Parameters<typeof styleText>[0]

export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (process.env.FORCE_COLOR === '0') return false
  if (process.env.FORCE_COLOR) return true
  return Boolean(stream.isTTY)
}

export function painter(stream: NodeJS.WriteStream): (style: Style, text: string) => string {
  const on = colorEnabled(stream)
  return (style, text) => (on ? styleText(style, text) : text)
}
