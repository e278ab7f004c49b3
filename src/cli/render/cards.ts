/**
 * Search hits as cards for people: a title, the score and id, the highlighted matches and the key fields in
 * aligned columns. Pure: the same lines for the same options; `paint` (colour on a TTY, identity otherwise) and
 * `width` (the terminal's, to wrap between words instead of letting the terminal cut words) change only the form,
 * so piped output carries the same content as the screen.
 */
import {flatten} from '../../lib/documents/flatten.js'
import {formatValue, titleField} from '../../lib/documents/summary.js'
import type {SearchHit, SearchPage} from '../../lib/documents/search.js'
import {wrapWords} from './wrap.js'

export type Paint = (style: 'bold' | 'dim' | 'cyan' | 'yellow' | 'green' | 'magenta', text: string) => string

export interface CardOptions {
  paint?: Paint
  /** Longest value shown before it is cut with an ellipsis (default 80 characters). */
  maxValueWidth?: number
  /** Key fields shown per card (default 8); the rest are counted. */
  maxFields?: number
  /** Position of the first hit, for numbering (the page's `from`). */
  offset?: number
  /** Columns to wrap at, between words, with wrapped lines aligned under their value (default: no wrapping). */
  width?: number
}

/** The narrowest value column wrapping keeps; below it values overflow and the terminal folds them. */
const MIN_VALUE_COLUMN = 20

const plain: Paint = (_style, text) => text


/** `<em>red</em> shoes` → the same text with the matched words painted (tags removed either way). */
export function renderHighlight(fragment: string, paint: Paint): string {
  return fragment.replace(/\s+/g, ' ').replace(/<em>(.*?)<\/em>/g, (_m, word: string) => paint('yellow', paint('bold', word)))
}

export function renderCard(hit: SearchHit, position: number, options: CardOptions = {}): string[] {
  const paint = options.paint ?? plain
  const maxWidth = options.maxValueWidth ?? 80
  const maxFields = options.maxFields ?? 8
  const source = hit._source ?? {}
  const titlePath = titleField(source)
  const flat = flatten(source)
  const title = titlePath ? formatValue(flat.get(titlePath), maxWidth) : hit._id

  const score = hit._score === null || hit._score === undefined ? '' : `  ${paint('dim', `score ${Number(hit._score).toFixed(2)}`)}`
  const indent = ' '.repeat(String(position).length + 2)
  const width = options.width ?? 0
  const titleLines = wrapWords(`${paint('bold', paint('cyan', title))}${score}`, width - indent.length)
  const lines = [`${paint('dim', `${position}.`)} ${titleLines[0]}`, ...titleLines.slice(1).map((line) => `${indent}${line}`)]

  const rows: Array<[string, string]> = [['_id', hit._id]]
  const matches = highlightRows(hit.highlight, paint)
  if (matches.length > 0) rows.push(...matches.map(([field, text], i): [string, string] => [i === 0 ? 'matched' : '', `${paint('dim', `${field}:`)} ${text}`]))
  const fields = [...flat.entries()].filter(([path]) => path !== titlePath)
  for (const [path, value] of fields.slice(0, maxFields)) rows.push([path, formatValue(value, maxWidth)])
  if (fields.length > maxFields) rows.push(['', paint('dim', `… ${fields.length - maxFields} more ${fields.length - maxFields === 1 ? 'field' : 'fields'}`)])

  const labelWidth = Math.min(24, Math.max(...rows.map(([label]) => label.length)))
  const valueColumn = indent.length + labelWidth + 2
  const room = width - valueColumn >= MIN_VALUE_COLUMN ? width - valueColumn : 0
  for (const [label, value] of rows) {
    const shown = label.length > labelWidth ? `${label.slice(0, labelWidth - 1)}…` : label
    const [first, ...rest] = wrapWords(value, room, true)
    lines.push(`${indent}${paint('dim', shown.padEnd(labelWidth))}  ${first}`)
    for (const line of rest) lines.push(`${' '.repeat(valueColumn)}${line}`)
  }

  return lines
}

function highlightRows(highlight: Record<string, string[]> | undefined, paint: Paint): Array<[string, string]> {
  if (!highlight) return []
  const rows: Array<[string, string]> = []
  const seen = new Set<string>()
  for (const [field, fragments] of Object.entries(highlight)) {
    // Multi-fields (name.keyword) repeat their parent's match.
    const text = fragments.map((fragment) => renderHighlight(fragment, paint)).join(' … ')
    const plainText = fragments.join(' … ')
    if (seen.has(plainText)) continue
    seen.add(plainText)
    rows.push([field, text])
  }

  return rows
}

/** `2,000 hits · 12 ms` (`≥ 10,000` when the server stopped counting). */
export function renderSummary(page: Pick<SearchPage, 'total' | 'took' | 'hits'>, paint: Paint = plain, from = 0): string {
  const count = `${page.total.relation === 'gte' ? '≥ ' : ''}${page.total.value.toLocaleString('en-US')}`
  const noun = page.total.value === 1 && page.total.relation === 'eq' ? 'hit' : 'hits'
  const shown = page.hits.length > 0 ? `, showing ${from + 1}–${from + page.hits.length}` : ''
  return `${paint('bold', `${count} ${noun}`)}${shown} ${paint('dim', `· ${page.took} ms`)}`
}

export function renderPage(page: SearchPage, options: CardOptions = {}): string {
  const paint = options.paint ?? plain
  const from = options.offset ?? 0
  const blocks = [renderSummary(page, paint, from)]
  page.hits.forEach((hit, i) => blocks.push(renderCard(hit, from + i + 1, options).join('\n')))
  // Notes wrap between words (dimmed line by line); the --search-after line is a command to copy, kept whole.
  const note = (text: string) => wrapWords(text, options.width ?? 0).map((line) => paint('dim', line)).join('\n')
  if (page.next) blocks.push(paint('dim', `next page: --search-after '${JSON.stringify(page.next)}'`))
  if (page.nextFrom !== undefined) blocks.push(note(`next page: --from ${page.nextFrom} (or --sort FIELD to page past 10,000 hits with --search-after)`))
  if (page.sortToContinue) blocks.push(note('next page: past 10,000 hits, add --sort FIELD and follow its --search-after value'))
  return blocks.join('\n\n')
}
