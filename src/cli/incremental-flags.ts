/** `backup --incremental` and its chain: which field says a document changed, how far to re-read, when to start over. */
import {Flags} from '@oclif/core'

import type {BackupInput} from '../lib/backup/setup.js'

export const incrementalFlags = {
  incremental: Flags.boolean({summary: 'Back up only what changed since the index\'s newest backup, as a link of its chain (refused without one). Deletions are not carried.', helpGroup: 'INCREMENTAL'}),
  'since-field': Flags.string({summary: 'The date field that says when a document changed (default: the chain\'s, else updated_at, @timestamp, … found in the mapping). Given alone: a full backup that starts a chain.', helpGroup: 'INCREMENTAL'}),
  overlap: Flags.string({summary: 'Re-read documents this far before the last mark, for late-visible writes (default 5m).', helpValue: 'DURATION', dependsOn: ['incremental'], helpGroup: 'INCREMENTAL'}),
  'full-every': Flags.integer({summary: 'Start a new chain with a full backup once the chain holds N backups, or when there is none.', min: 1, helpGroup: 'INCREMENTAL'}),
}

export function incrementalFrom(flags: {incremental?: boolean, 'since-field'?: string, overlap?: string, 'full-every'?: number}): Pick<BackupInput, 'incremental' | 'sinceField' | 'overlap' | 'fullEvery'> {
  return {incremental: flags.incremental || undefined, sinceField: flags['since-field'], overlap: flags.overlap, fullEvery: flags['full-every']}
}
