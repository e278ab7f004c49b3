/** The one table look: no borders, two spaces between columns, bold lower-case headers (cli-table3 lays it out). */
import Table from 'cli-table3'

import {painter} from '../style.js'

export interface Column {
  header: string
  align?: 'left' | 'right'
}

export function renderTable(columns: Column[], rows: string[][], stream: NodeJS.WriteStream): string {
  const paint = painter(stream)
  const table = new Table({
    head: columns.map((column) => paint('bold', column.header)),
    colAligns: columns.map((column) => column.align ?? 'left'),
    style: {head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0},
    chars: {top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  '},
  })
  for (const row of rows) table.push(row)
  // The last column is padded to its widest cell; trailing blanks only get in the way of copy and diff.
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n')
}
