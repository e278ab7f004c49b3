/**
 * One `aoss ui` server in front of the emulator and the S3 stand-in, both on loopback, started the way the
 * command starts it (the same startUi and connection settings).
 */
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {type RunningUi, startUi} from '../../../plugins/ui/src/server/start.js'
import {type Emulator, startEmulator} from '../emulator/index.js'
import {S3_CREDENTIALS, startS3, type S3StandIn} from '../s3.js'

export interface UiHarness {
  emulator: Emulator
  s3: S3StandIn
  ui: RunningUi
  stop(): Promise<void>
}

export const BUCKET = 'ui-backups'

export async function startHarness(seed: (emulator: Emulator) => void): Promise<UiHarness> {
  const emulator = await startEmulator({flavour: 'serverless'})
  seed(emulator)
  const s3 = await startS3()
  await s3.bucket(BUCKET)
  const ui = await startUi({
    settings: resolveSettings({endpoint: emulator.url, auth: 'none'}, {env: {}, cwd: '/'}),
    s3Settings: {endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: async () => S3_CREDENTIALS},
    backups: {bucket: BUCKET, prefix: 'ui'},
    toolVersion: '0.0.0-test',
  })
  return {
    emulator,
    s3,
    ui,
    async stop() {
      await ui.close()
      await s3.stop()
      await emulator.stop()
    },
  }
}
