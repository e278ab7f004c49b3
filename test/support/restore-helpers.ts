/** Shared set-up for restore tests: clients on the emulator, a real backup on the S3 stand-in. */
import {describeIndices} from '../../src/lib/backup/index-meta.js'
import {runBackup} from '../../src/lib/backup/pipeline.js'
import {type Client, createClient} from '../../src/lib/connection/client.js'
import {type ConnectionSettings, resolveSettings} from '../../src/lib/connection/settings.js'
import {openReader} from '../../src/lib/read/reader.js'
import type {Emulator} from './emulator/index.js'
import {type MultipartRecorder, S3_CREDENTIALS} from './s3.js'

export const FAST_RETRY = {maxRetries: 6, baseMs: 1, capMs: 5, maxRetryAfterMs: 10}

export async function connect(emulator: Emulator): Promise<{client: Client, settings: ConnectionSettings}> {
  const settings = resolveSettings({endpoint: emulator.url, auth: 'none'}, {env: {}})
  return {client: await createClient(settings, {retry: FAST_RETRY}), settings}
}

export function s3Settings(s3: MultipartRecorder) {
  return {endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: async () => S3_CREDENTIALS}
}

/** Backs `index` up from `emulator` into `bucket`; returns the manifest's s3:// URI. */
export async function backUp(emulator: Emulator, s3: MultipartRecorder, bucket: string, index: string, chunkDocs?: number): Promise<string> {
  const {client} = await connect(emulator)
  try {
    const result = await runBackup(
      {bucket, prefix: 'nightly', indices: [index], toolVersion: 'test', source: {endpoint: emulator.url, flavour: 'managed'}, partSize: 5 * 1024 * 1024, chunkDocs, read: {batchSize: 100}},
      {s3: s3.client, openReader: (options) => openReader(client, options), describeIndices: (targets) => describeIndices(client, targets)},
    )
    return result.indices[0].manifest!
  } finally {
    await client.close()
  }
}
