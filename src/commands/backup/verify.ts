import {Args, Flags} from '@oclif/core'

import {parseS3Uri} from '../../lib/backup/layout.js'
import {createS3Client, resolveS3Settings} from '../../lib/s3/client.js'
import {verifyBackup, type VerifyReport} from '../../lib/backup/store.js'
import {AossCommand} from '../../cli/base-command.js'
import {renderVerify} from '../../cli/render/backup.js'
import {s3Flags} from '../../cli/s3-flags.js'
import {AossError} from '../../lib/errors.js'

export type BackupVerifyResult = VerifyReport

export default class BackupVerify extends AossCommand<typeof BackupVerify> {
  static override summary = 'Check that every chunk of a backup is present and matches its size and sha256.'
  static override description = `Reads the manifest, then streams every chunk it lists through sha256 (nothing is kept in memory or on disk). Exit code 0 when all match, 3 when a chunk is missing or damaged, 5 when there is no manifest (an incomplete backup). Chunks in archive storage classes (GLACIER, DEEP_ARCHIVE) must be restored in S3 before they can be read.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> s3://my-backups/nightly/inventory/2026-11-27T20-00-00Z/manifest.json',
    '<%= config.bin %> <%= command.id %> s3://my-backups/nightly/inventory/2026-11-27T20-00-00Z/   # the folder works too',
  ]

  static override args = {
    manifest: Args.string({description: 'S3 URI of the manifest.json (or of its backup folder).', required: true}),
  }

  static override flags = {
    ...s3Flags,
    concurrency: Flags.integer({char: 'c', summary: 'Chunks read at once (default 4).', min: 1, max: 64, default: 4}),
  }

  async run(): Promise<BackupVerifyResult> {
    const {flags} = this
    const location = parseS3Uri(this.args.manifest)
    const s3 = await createS3Client(resolveS3Settings({endpoint: flags['s3-endpoint'], region: flags['s3-region'], profile: flags.profile}))
    let report: VerifyReport
    try {
      report = await verifyBackup(s3, location, {concurrency: flags.concurrency})
    } finally {
      s3.destroy()
    }

    if (!this.jsonEnabled()) this.log(renderVerify(report, process.stdout))
    if (!report.ok) {
      if (this.jsonEnabled()) {
        // The per-chunk report is what a script needs; the exit code carries the verdict.
        this.logJson(report)
        process.exitCode = 3
        this.exit(3)
      }

      throw new AossError('INCOMPLETE', `${report.failed} of ${report.chunks.length} chunks missing or damaged`, {
        details: {manifest: report.manifest, failed: report.chunks.filter((c) => !c.ok).map((c) => c.key)},
        hints: ['This backup cannot be restored as is; take a new one.'],
      })
    }

    return report
  }
}
