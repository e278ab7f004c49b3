/**
 * Wires the pipeline to a real server: the shared reader, index definitions and the source facts the manifest
 * records. Used by `aoss backup` and by the Lambda, so both back up exactly the same way.
 */
import type {S3Client} from '@aws-sdk/client-s3'

import type {Client} from '../connection/client.js'
import {probeServer} from '../connection/flavour.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {openReader} from '../read/reader.js'
import {highWaterMark} from './chain.js'
import {describeIndices} from './index-meta.js'
import type {Manifest} from './manifest.js'
import type {BackupDeps} from './pipeline.js'

export interface ServerBackupDeps {
  deps: BackupDeps
  source: Manifest['source']
}

export async function serverBackupDeps(client: Client, settings: ConnectionSettings, s3: S3Client): Promise<ServerBackupDeps> {
  const info = await probeServer(client, settings)
  return {
    source: {endpoint: settings.endpoint, flavour: info.flavour},
    deps: {
      s3,
      openReader: (options) => openReader(client, options),
      describeIndices: (targets) => describeIndices(client, targets, settings.endpoint),
      highWaterMark: (index, field, query) => highWaterMark(client, index, field, query),
    },
  }
}
