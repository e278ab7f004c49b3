/** The index table `aoss health` and `aoss index list` both show. */
import type {IndexRow} from '../../lib/cluster/indices.js'
import {formatBytes, formatCount} from '../format.js'
import {painter} from '../style.js'
import {type Column, renderTable} from './table.js'

export function renderIndexTable(rows: IndexRow[], stream: NodeJS.WriteStream = process.stdout): string {
  const paint = painter(stream)
  const showHealth = rows.some((row) => row.health !== undefined)
  const columns: Column[] = [...(showHealth ? [{header: 'health'}] : []), {header: 'index'}, {header: 'docs', align: 'right'}, {header: 'size', align: 'right'}]
  const body = rows.map((row) => [
    ...(showHealth ? [colourHealth(row.health, paint)] : []),
    row.index,
    formatCount(row.docs),
    formatBytes(row.storeBytes),
  ])
  const docs = rows.reduce((sum, row) => sum + (row.docs ?? 0), 0)
  const bytes = rows.reduce((sum, row) => sum + (row.storeBytes ?? 0), 0)
  body.push([
    ...(showHealth ? [''] : []),
    paint('bold', `${rows.length} ${rows.length === 1 ? 'index' : 'indexes'}`),
    paint('bold', formatCount(docs)),
    paint('bold', formatBytes(bytes)),
  ])
  return renderTable(columns, body, stream)
}

export function colourHealth(health: string | undefined, paint: ReturnType<typeof painter>): string {
  if (health === 'green') return paint('green', health)
  if (health === 'yellow') return paint('yellow', health)
  if (health === 'red') return paint('red', health)
  return health ?? '-'
}
