import {expect} from 'chai'

import {renderBackupList} from '../../src/cli/render/backup.js'
import type {BackupSummary} from '../../src/lib/backup/store.js'

const backup = (index: string, stamp: string): BackupSummary => ({
  index,
  stamp,
  startedAt: '2026-11-27T10:30:00.000Z',
  complete: true,
  checkpoint: false,
  docs: 49_560,
  bytes: 3_400_000,
  chunks: 2,
  location: `s3://my-backup-bucket/backups/${index}/${stamp}/`,
})

/** A stream as a terminal of `columns` columns (not a TTY, so no colour). */
const terminal = (columns?: number) => ({columns}) as NodeJS.WriteStream

describe('backup list rendering', () => {
  const backups = [backup('inventory', '20261127T103000Z'), backup('orders', '20261127T113000Z')]

  it('keeps one row per backup when the table fits (and in a pipe)', () => {
    for (const stream of [terminal(200), terminal(undefined)]) {
      const lines = renderBackupList(backups, stream).split('\n')
      expect(lines).to.have.length(3)
      expect(lines[1]).to.match(/^inventory .* s3:\/\/my-backup-bucket\/backups\/inventory\/20261127T103000Z\/$/)
    }
  })

  it('puts each location whole on its own line when the terminal is narrower than the table', () => {
    const lines = renderBackupList(backups, terminal(80)).split('\n')
    for (const line of lines) expect(line.length, line).to.be.at.most(80)
    expect(lines[0]).to.match(/^index\s+started \(UTC\)\s+docs\s+size\s+chunks\s+state\s+chain$/)
    expect(lines[1]).to.match(/^inventory\s+2026-11-27 10:30:00Z\s+49,560/)
    expect(lines[2]).to.equal('  s3://my-backup-bucket/backups/inventory/20261127T103000Z/')
    expect(lines[4]).to.equal('  s3://my-backup-bucket/backups/orders/20261127T113000Z/')
  })
})
