import {Flags} from '@oclif/core'

import {resolveBackupTarget} from '../../lib/backup/target.js'
import {createS3Client, resolveS3Settings} from '../../lib/s3/client.js'
import {type BackupSummary, listBackups} from '../../lib/backup/store.js'
import {AossCommand} from '../../cli/base-command.js'
import {renderBackupList} from '../../cli/render/backup.js'
import {bucketFlags, s3Flags} from '../../cli/s3-flags.js'

export interface BackupListResult {
  bucket: string
  prefix: string
  backups: BackupSummary[]
}

export default class BackupList extends AossCommand<typeof BackupList> {
  static override summary = 'List the backups in a bucket: time, documents, size, and whether each is complete.'
  static override description = `A backup is complete when its manifest.json exists and is valid; one without is incomplete (it failed, or a scheduled run is still continuing: "in progress" when a checkpoint is there). Only S3 is read; no OpenSearch endpoint is needed.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --bucket my-backups --prefix nightly',
    '<%= config.bin %> <%= command.id %> -b my-backups --index inventory --json | jq -r \'.backups[] | select(.complete) | .manifest\' | head -1',
  ]

  static override flags = {
    ...bucketFlags,
    ...s3Flags,
    index: Flags.string({char: 'i', summary: 'Only backups of this index (repeatable).', multiple: true}),
  }

  async run(): Promise<BackupListResult> {
    const {flags} = this
    const target = resolveBackupTarget({bucket: flags.bucket, prefix: flags.prefix})
    const s3 = await createS3Client(resolveS3Settings({endpoint: flags['s3-endpoint'], region: flags['s3-region'], profile: flags.profile}))
    try {
      const backups = await listBackups(s3, {bucket: target.bucket, prefix: target.prefix, indices: flags.index})
      if (!this.jsonEnabled()) this.log(renderBackupList(backups, process.stdout))
      return {bucket: target.bucket, prefix: target.prefix, backups}
    } finally {
      s3.destroy()
    }
  }
}
