/** How `restore` writes: the target, its creation, ids, batches, dead letters and checks; shared by the run and its dry run. */
import {Flags} from '@oclif/core'

import {usageError} from '../lib/errors.js'
import type {RestoreOptions} from '../lib/restore/run.js'
import {bulkWriteFlags, type BulkWriteFlagValues, bulkWriteOptionsFrom} from './write-flags.js'

export const restoreFlags = {
  index: Flags.string({char: 'i', summary: 'Target index.', required: true}),
  'source-index': Flags.string({summary: 'Which index of a backup that holds several.'}),
  create: Flags.boolean({
    summary: 'Create a missing target (default); --no-create refuses it with exit 5.',
    description: "A missing target is created from the backup's mappings and settings, or from --mappings; restoring a plain NDJSON file without --mappings lets the server guess the mappings (a warning says so).",
    allowNo: true,
    exclusive: ['create-index'],
  }),
  // Not `exclusive`: oclif then renders the usage as "[--mappings FILE | ]"; restoreInputFrom refuses the pair.
  mappings: Flags.string({summary: 'JSON file with the mappings for a target that does not exist yet (not with --create-index).', helpValue: 'FILE'}),
  'create-index': Flags.boolean({summary: "Create the target from the backup's mappings and settings first (it must not exist)."}),
  aliases: Flags.boolean({
    summary: "With --create-index: add the backup's aliases (default: only when the target keeps the original name).",
    allowNo: true,
    dependsOn: ['create-index'],
  }),
  ...bulkWriteFlags('restore'),
  'skip-verify': Flags.boolean({summary: 'Do not check chunk sha256 sums (backups) or read the file through first (files).'}),
  'dry-run': Flags.boolean({summary: 'Write nothing: read the source through and print its docs and bytes, the _bulk requests, whether the target exists, what it would not carry, and a time estimate.'}),
  'count-timeout': Flags.integer({summary: 'Seconds to wait for the target count to match (0 skips; default 120 on Serverless, 30 elsewhere).', min: 0}),
}

interface RestoreFlagValues extends BulkWriteFlagValues {
  index: string
  'source-index'?: string
  create?: boolean
  mappings?: string
  'create-index'?: boolean
  aliases?: boolean
  'skip-verify'?: boolean
  'count-timeout'?: number
  's3-region'?: string
  's3-endpoint'?: string
}

/** The restore as the flags state it, short of what the run itself supplies (signal, progress). */
export function restoreInputFrom(source: string, flags: RestoreFlagValues, profile: string | undefined): RestoreOptions {
  if (flags.mappings !== undefined && flags['create-index']) {
    throw usageError('--mappings cannot be used with --create-index', "--create-index takes the backup's own mappings; --mappings gives them to a restore from a file.")
  }

  return {
    source,
    index: flags.index,
    sourceIndex: flags['source-index'],
    createIndex: flags['create-index'],
    create: flags.create,
    mappingsFile: flags.mappings,
    aliases: flags.aliases,
    ...bulkWriteOptionsFrom(flags),
    skipVerify: flags['skip-verify'],
    countTimeoutMs: flags['count-timeout'] === undefined ? undefined : flags['count-timeout'] * 1000,
    s3: {region: flags['s3-region'], endpoint: flags['s3-endpoint'], profile},
  }
}
