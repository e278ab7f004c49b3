/** The index table `aoss health` and `aoss index list` both show. */
import Table from 'cli-table3'

import type {IndexRow} from '../../cluster/indices.js'
import {formatBytes, formatCount} from '../format.js'
import {painter} from '../style.js'

export function renderIndexTable(rows: IndexRow[], stream: NodeJS.WriteStream = process.stdout): string {
  const paint = painter(stream)
  const showHealth = rows.some((row) => row.health !== undefined)
  const head = [...(showHealth ? ['health'] : []), 'index', 'docs', 'size']
  const table = new Table({
    head: head.map((h) => paint('bold', h)),
    colAligns: [...(showHealth ? (['left'] as const) : []), 'left', 'right', 'right'],
    style: {head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0},
    chars: {top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  '},
  })
  for (const row of rows) {
    table.push([
      ...(showHealth ? [colourHealth(row.health, paint)] : []),
      row.index,
      formatCount(row.docs),
      formatBytes(row.storeBytes),
    ])
  }

  const docs = rows.reduce((sum, row) => sum + (row.docs ?? 0), 0)
  const bytes = rows.reduce((sum, row) => sum + (row.storeBytes ?? 0), 0)
  table.push([
    ...(showHealth ? [''] : []),
    paint('bold', `${rows.length} ${rows.length === 1 ? 'index' : 'indexes'}`),
    paint('bold', formatCount(docs)),
    paint('bold', formatBytes(bytes)),
  ])
  return table.toString()
}

export function colourHealth(health: string | undefined, paint: ReturnType<typeof painter>): string {
  if (health === 'green') return paint('green', health)
  if (health === 'yellow') return paint('yellow', health)
  if (health === 'red') return paint('red', health)
  return health ?? '-'
}
