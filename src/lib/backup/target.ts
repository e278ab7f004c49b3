/**
 * Where backups go: bucket and prefix from flags > environment > `.env`. OUTPUT_BUCKET and OUTPUT_PREFIX are
 * the names existing users keep.
 */
import {AossError} from '../errors.js'
import {pickSetting, type SettingSources, settingSources} from '../io/setting-sources.js'
import {keyPrefix} from '../s3/keys.js'

export interface BackupTarget {
  bucket: string
  /** As given; layout.ts normalises it. */
  prefix: string
}

export function resolveBackupTarget(input: {bucket?: string, prefix?: string}, sources: SettingSources = settingSources()): BackupTarget {
  const bucket = input.bucket ?? pickSetting(sources, 'OUTPUT_BUCKET')
  if (!bucket) throw new AossError('USAGE', 'no bucket: pass --bucket or set OUTPUT_BUCKET', {hints: ['e.g. aoss backup inventory --bucket my-backups --prefix nightly']})
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new AossError('USAGE', `not a valid S3 bucket name: ${bucket}`, {hints: ['Bucket names are 3–63 lower-case letters, digits, dots and hyphens.']})
  const prefix = input.prefix ?? pickSetting(sources, 'OUTPUT_PREFIX') ?? ''
  // Checked here too (the key builder refuses it anyway) so a bad prefix stops before any connection is made.
  keyPrefix(prefix)
  return {bucket, prefix}
}
