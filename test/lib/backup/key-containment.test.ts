import {expect} from 'chai'

import {type BackupCheckpoint, loadCheckpoint} from '../../../src/lib/backup/checkpoint.js'
import {backupDir, chunkKey, normalizePrefix, parseS3Uri} from '../../../src/lib/backup/layout.js'
import {type BackupOptions, runBackup} from '../../../src/lib/backup/pipeline.js'
import {resolveBackupTarget} from '../../../src/lib/backup/target.js'
import {AossError} from '../../../src/lib/errors.js'
import {backupOptionsFrom} from '../../../src/lib/backup/setup.js'
import {type MultipartRecorder, startMultipartRecorder} from '../../support/s3.js'
import {fakeDocs, fakeOpenReader} from '../../support/fake-reader.js'
import {settingSources} from '../../../src/lib/io/setting-sources.js'

const envOnly = (env: NodeJS.ProcessEnv) => settingSources({env, dotEnv: false})

const BUCKET = 'backups'
const STAMP = '2026-11-27T20-00-00Z'

function refusal(run: () => unknown): AossError {
  let error: unknown
  try {
    run()
  } catch (caught) {
    error = caught
  }

  expect(error).to.be.instanceOf(AossError)
  expect((error as AossError).exitCode).to.equal(2)
  return error as AossError
}

async function rejection(promise: Promise<unknown>): Promise<AossError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).to.be.instanceOf(AossError)
  expect((error as AossError).exitCode).to.equal(2)
  return error as AossError
}

describe('backup keys stay under the bucket prefix', () => {
  it('the key builder refuses "." and ".." segments in prefixes, index names and folders', () => {
    expect(refusal(() => normalizePrefix('../../escape')).message).to.equal('prefix "../../escape" is refused as part of an S3 key: it has a ".." segment')
    refusal(() => normalizePrefix('nightly/./x'))
    expect(refusal(() => backupDir('nightly', '..', STAMP)).message).to.equal('index name ".." is refused as part of an S3 key: it has a ".." segment')
    refusal(() => backupDir('nightly', 'a/b', STAMP))
    refusal(() => chunkKey('nightly/../../x/', 0))
    refusal(() => chunkKey('/nightly/inventory/', 0))
    refusal(() => parseS3Uri('s3://bucket/a/../b/manifest.json'))
    // Slashes alone are only tidied, as before: they never reach the key.
    expect(backupDir(' /nightly//daily/ ', 'inventory', STAMP)).to.equal(`nightly/daily/inventory/${STAMP}/`)
  })

  it('--prefix, OUTPUT_PREFIX and the Lambda event prefix are refused before anything connects', () => {
    refusal(() => resolveBackupTarget({bucket: BUCKET, prefix: '../../escape'}, envOnly({})))
    refusal(() => resolveBackupTarget({bucket: BUCKET}, envOnly({OUTPUT_PREFIX: 'a/../../b'})))
    refusal(() => backupOptionsFrom({prefix: '../../escape'}, envOnly({OUTPUT_BUCKET: BUCKET, INDICES: 'inventory'})))
    refusal(() => backupOptionsFrom({}, envOnly({OUTPUT_BUCKET: BUCKET, OUTPUT_PREFIX: '..', INDICES: 'inventory'})))
  })

  describe('runBackup', () => {
    let s3: MultipartRecorder
    beforeEach(async () => {
      s3 = await startMultipartRecorder()
      await s3.bucket(BUCKET)
      s3.state.requests.length = 0
    })
    afterEach(async () => {
      await s3.stop()
    })

    const run = (overrides: Partial<BackupOptions>, names?: Record<string, string>) => {
      const {openReader} = fakeOpenReader({inventory: {docs: fakeDocs(10)}, '..': {docs: fakeDocs(10)}})
      return runBackup({
        bucket: BUCKET,
        prefix: 'nightly',
        indices: ['inventory'],
        toolVersion: 'test',
        source: {endpoint: 'http://127.0.0.1:9200', flavour: 'managed'},
        now: new Date('2026-11-27T20:00:00Z'),
        ...overrides,
      }, {
        s3: s3.client,
        openReader,
        describeIndices: async (targets) => targets.map((name) => ({name: names?.[name] ?? name, mappings: {}, settings: {}, aliases: {}})),
      })
    }

    it('sends no request for a prefix with ".." segments', async () => {
      const error = await rejection(run({prefix: '../../escape'}))
      expect(error.message).to.match(/^prefix "\.\.\/\.\.\/escape" is refused/)
      expect(s3.state.requests).to.deep.equal([])
    })

    it('refuses an index name the server reports as ".." before any write', async () => {
      const error = await rejection(run({indices: ['inventory']}, {inventory: '..'}))
      expect(error.message).to.match(/^index name "\.\." is refused/)
      expect(s3.state.requests).to.deep.equal([])
    })

    it('refuses a resumed checkpoint whose folder leaves the prefix', async () => {
      const resume: BackupCheckpoint = {
        kind: 'aoss-backup-checkpoint', version: 1, bucket: BUCKET, prefix: 'nightly/', stamp: STAMP, startedAt: '2026-11-27T20:00:00.000Z',
        toolVersion: 'test', source: {endpoint: 'http://127.0.0.1:9200', flavour: 'managed'},
        indices: [{meta: {name: 'inventory', mappings: {}, settings: {}, aliases: {}}, status: 'running', dir: 'nightly/../../elsewhere/', chunks: []}],
      }
      await rejection(run({resume}))
      expect(s3.state.requests).to.deep.equal([])
    })

    it('loadCheckpoint refuses a continuation key with ".." before reading it', async () => {
      await rejection(loadCheckpoint(s3.client, BUCKET, 'nightly/../../other/checkpoint.json'))
      expect(s3.state.requests).to.deep.equal([])
    })
  })
})
