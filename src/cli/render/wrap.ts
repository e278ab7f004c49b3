/**
 * Word wrapping for text that may carry colour codes: widths count what shows, lines break between words. A word
 * longer than a whole line is cut only when `breakLongWords` is set and it carries no colour (a cut inside an
 * escape code would garble the screen); otherwise it overflows and the terminal folds it.
 */
import {stripVTControlCharacters} from 'node:util'

export const visibleLength = (text: string): number => stripVTControlCharacters(text).length

export function wrapWords(text: string, width: number, breakLongWords = false): string[] {
  if (width <= 0 || visibleLength(text) <= width) return [text]
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (visibleLength(candidate) <= width) {
      line = candidate
      continue
    }

    if (line !== '') lines.push(line)
    line = word
    while (breakLongWords && visibleLength(line) > width && !line.includes('\u001B[')) {
      lines.push(line.slice(0, width))
      line = line.slice(width)
    }
  }

  if (line !== '') lines.push(line)
  return lines
}
