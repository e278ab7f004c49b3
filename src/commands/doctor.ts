import {Flags} from '@oclif/core'

import {resolveBackupTarget} from '../lib/backup/target.js'
import {resolveS3Settings} from '../lib/s3/client.js'
import {AossCommand} from '../cli/base-command.js'
import {connectionInputFrom} from '../cli/flags.js'
import {renderDoctor} from '../cli/render/doctor.js'
import {bucketFlags, s3Flags} from '../cli/s3-flags.js'
import {type DoctorOptions, runDoctor} from '../lib/doctor/run.js'
import type {DoctorJob, DoctorReport} from '../lib/doctor/types.js'

export type DoctorResult = DoctorReport

export default class Doctor extends AossCommand<typeof Doctor> {
  static override summary = 'Check, before a job runs, everything between this machine and the data: settings, network, credentials, signature, permissions, S3.'
  static override description = `Each line is ✓ (passed), ✗ (failed, with one fix), ! (warning) or - (not checked, and why). Settings show where each value came from (flag, environment, .env, host name). The network is checked layer by layer (DNS, TCP, TLS certificate, a small request), then the answer's shape (an HTML login page or a redirect is named), the clock against the server's Date (SigV4 fails past 5 minutes), the credentials (provider, caller identity through STS, expiry; --role-arn is assumed), one signed request per kind of call the job makes (a refused signature is told apart from a refused principal, and a wrong region or service is named), and on OpenSearch Serverless the data access and network policies through the control plane: is the principal, or its role, named with the permissions the job needs. --for backup|restore also checks the bucket (--write-check writes and deletes one tiny object).

Exit 0 when every needed check passes, 4 when access fails, 6 when the server cannot be reached. Nothing is written to the cluster.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> -e https://abc123.us-east-1.aoss.amazonaws.com --for export --index inventory',
    '<%= config.bin %> <%= command.id %> --for backup --index inventory --bucket my-backups --write-check',
    '<%= config.bin %> <%= command.id %> --for restore --index inventory --role-arn arn:aws:iam::123456789012:role/restore',
    '<%= config.bin %> <%= command.id %> --for export --json | jq \'.checks[] | select(.status=="fail")\'   # CI',
  ]

  static override flags = {
    for: Flags.string({summary: 'The job to check for: which calls and permissions it needs.', options: ['export', 'backup', 'restore', 'copy', 'ui']}),
    index: Flags.string({char: 'i', summary: 'The index the job reads or writes (permissions are per index).'}),
    collection: Flags.string({summary: 'Collection name, when the endpoint does not say it (a proxy or custom domain).'}),
    ...bucketFlags,
    ...s3Flags,
    'write-check': Flags.boolean({summary: 'Write and delete one tiny object under the prefix to prove write access.', helpGroup: 'S3'}),
    sse: Flags.string({summary: 'Server-side encryption the backup uses, for the write check.', options: ['AES256', 'aws:kms'], helpGroup: 'S3'}),
    'kms-key-id': Flags.string({summary: 'KMS key for --sse aws:kms, for the write check.', dependsOn: ['sse'], helpGroup: 'S3'}),
  }

  async run(): Promise<DoctorResult> {
    const {flags} = this
    const job = flags.for as DoctorJob | undefined
    const settings = this.settings()
    let s3: DoctorOptions['s3']
    if (job === 'backup' || job === 'restore') {
      const target = flags.bucket || process.env.OUTPUT_BUCKET ? resolveBackupTarget({bucket: flags.bucket, prefix: flags.prefix}) : undefined
      s3 = {
        bucket: target?.bucket,
        prefix: target?.prefix ?? '',
        settings: resolveS3Settings({endpoint: flags['s3-endpoint'], region: flags['s3-region'], profile: settings.profile}),
        writeCheck: flags['write-check'],
        sse: flags.sse as 'AES256' | 'aws:kms' | undefined,
        kmsKeyId: flags['kms-key-id'],
      }
    }

    const report = await runDoctor({
      // --role-arn is the shared connection flag: doctor assumes the role every command would.
      connection: connectionInputFrom(flags),
      job,
      index: flags.index,
      collection: flags.collection,
      s3,
      credentials: Doctor.clientOverrides?.credentials,
    })

    if (this.jsonEnabled()) {
      if (report.exitCode !== 0) {
        this.logJson(report)
        process.exitCode = report.exitCode
        this.exit(report.exitCode)
      }
    } else {
      this.log(renderDoctor(report, process.stdout))
      if (report.exitCode !== 0) {
        process.exitCode = report.exitCode
        this.exit(report.exitCode)
      }
    }

    return report
  }
}
