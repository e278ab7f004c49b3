/** What every route needs: one client made from the CLI's connection settings, and where backups live. */
import type {S3Client} from '@aws-sdk/client-s3'

import type {Client, ConnectionSettings, S3Settings} from './lib.js'
import type {Jobs} from './jobs.js'

export interface UiContext {
  settings: ConnectionSettings
  client: Client
  /** Made on first use: the S3 SDK costs a few hundred ms to load and many sessions never open Backups. */
  s3(): Promise<S3Client>
  /** The same settings, for library calls that make their own S3 client (restore). */
  s3Settings: S3Settings
  /** Defaults for the Backups page (flags > OUTPUT_BUCKET / OUTPUT_PREFIX). */
  backups: {bucket?: string, prefix?: string}
  toolVersion: string
  jobs: Jobs
}
