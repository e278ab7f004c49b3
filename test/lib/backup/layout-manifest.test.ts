import {expect} from 'chai'

import {backupDir, backupStamp, chunkKey, normalizePrefix, parseBackupKey, parseS3Uri, parseStamp} from '../../../src/lib/backup/layout.js'
import {buildManifest, ManifestError, parseManifest, validateManifest} from '../../../src/lib/backup/manifest.js'
import {resolveBackupTarget} from '../../../src/lib/backup/target.js'
import {resolveS3Settings} from '../../../src/lib/s3/client.js'
import {toS3Error} from '../../../src/lib/s3/errors.js'
import {settingSources} from '../../../src/lib/io/setting-sources.js'

const envOnly = (env: NodeJS.ProcessEnv) => settingSources({env, dotEnv: false})

const SHA = 'a'.repeat(64)

describe('backup layout, manifest and S3 settings', () => {
  it('names directories by UTC stamp and parses them back', () => {
    const stamp = backupStamp(new Date('2026-11-27T20:00:05.123Z'))
    expect(stamp).to.equal('2026-11-27T20-00-05Z')
    expect(parseStamp(stamp)?.toISOString()).to.equal('2026-11-27T20:00:05.000Z')
    expect(parseStamp('latest')).to.equal(undefined)
    expect(normalizePrefix(' /a//b/ ')).to.equal('a/b/')
    expect(normalizePrefix(undefined)).to.equal('')
    const dir = backupDir('/nightly/', 'inventory', stamp)
    expect(dir).to.equal('nightly/inventory/2026-11-27T20-00-05Z/')
    expect(chunkKey(dir, 7)).to.equal('nightly/inventory/2026-11-27T20-00-05Z/part-00007.ndjson.gz')
    expect(parseBackupKey('nightly', chunkKey(dir, 123_456))).to.include({index: 'inventory', kind: 'chunk', chunk: 123_456})
    expect(parseBackupKey('nightly', `${dir}manifest.json`)).to.include({kind: 'manifest', dir})
    expect(parseBackupKey('nightly', 'nightly/inventory/not-a-stamp/manifest.json')).to.equal(undefined)
    expect(parseBackupKey('', `inventory/${stamp}/checkpoint.json`)).to.include({kind: 'checkpoint'})
  })

  it('turns S3 URIs of a manifest or its folder into a manifest location', () => {
    expect(parseS3Uri('s3://b/p/i/2026-11-27T20-00-05Z/manifest.json')).to.deep.equal({bucket: 'b', key: 'p/i/2026-11-27T20-00-05Z/manifest.json'})
    expect(parseS3Uri('s3://b/p/i/2026-11-27T20-00-05Z/')).to.deep.equal({bucket: 'b', key: 'p/i/2026-11-27T20-00-05Z/manifest.json'})
    expect(parseS3Uri('s3://b/p/i/2026-11-27T20-00-05Z')).to.deep.equal({bucket: 'b', key: 'p/i/2026-11-27T20-00-05Z/manifest.json'})
    expect(() => parseS3Uri('https://b/x')).to.throw(/not an S3 URI/)
  })

  it('builds manifests whose totals come from the chunks, strips credentials and validates on read', () => {
    const manifest = buildManifest({
      toolVersion: '1.2.3',
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      source: {endpoint: 'https://user:secret@search-x.us-east-1.es.amazonaws.com/?token=1', flavour: 'managed'},
      strategy: 'pit',
      index: {name: 'i', mappings: {}, settings: {}, aliases: {}, chunks: [{key: 'k0', docs: 2, bytes: 10, sha256: SHA}, {key: 'k1', docs: 3, bytes: 5, sha256: SHA}]},
    })
    expect(manifest.indices[0]).to.include({docs: 5, bytes: 15})
    expect(manifest.source.endpoint).to.equal('https://search-x.us-east-1.es.amazonaws.com')
    expect(JSON.stringify(manifest)).to.not.include('secret')
    expect(parseManifest(JSON.stringify(manifest))).to.deep.equal(manifest)

    const tampered = JSON.parse(JSON.stringify(manifest))
    tampered.indices[0].docs = 6
    tampered.indices[0].chunks[1].sha256 = 'nope'
    expect(() => validateManifest(tampered)).to.throw(ManifestError, /chunks\[1\].*docs is 6 but the chunks hold 2/)
    expect(() => parseManifest('{')).to.throw(ManifestError, /not JSON/)
  })

  it('takes bucket and S3 endpoint from flags over the environment, path style for custom endpoints', () => {
    expect(resolveBackupTarget({}, envOnly({OUTPUT_BUCKET: 'from-env', OUTPUT_PREFIX: 'p'}))).to.deep.equal({bucket: 'from-env', prefix: 'p'})
    expect(resolveBackupTarget({bucket: 'flag-bucket'}, envOnly({OUTPUT_BUCKET: 'from-env'})).bucket).to.equal('flag-bucket')
    expect(() => resolveBackupTarget({}, envOnly({}))).to.throw(/no bucket/)
    expect(() => resolveBackupTarget({bucket: 'Bad_Bucket'}, envOnly({}))).to.throw(/not a valid S3 bucket name/)
    expect(resolveS3Settings({}, envOnly({AWS_ENDPOINT_URL_S3: 'http://localhost:4566', AWS_REGION: 'eu-west-1'}))).to.include({endpoint: 'http://localhost:4566', forcePathStyle: true, region: 'eu-west-1'})
    expect(resolveS3Settings({}, envOnly({}))).to.include({forcePathStyle: false, region: 'us-east-1'})
    expect(() => resolveS3Settings({endpoint: 'localhost:9000'}, envOnly({}))).to.throw(/not a valid S3 endpoint/)
  })

  it('translates S3 failures to one line with the shared exit codes', () => {
    const at = {action: 'uploading x', bucket: 'b', key: 'k'}
    expect(toS3Error({name: 'NoSuchBucket', $metadata: {httpStatusCode: 404}}, at).exitCode).to.equal(5)
    expect(toS3Error({name: 'AccessDenied', $metadata: {httpStatusCode: 403}}, at).exitCode).to.equal(4)
    expect(toS3Error({name: 'SlowDown', $metadata: {httpStatusCode: 503}}, at).exitCode).to.equal(7)
    expect(toS3Error({name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1'}, at).exitCode).to.equal(6)
    expect(toS3Error({name: 'CredentialsProviderError', message: 'Could not load credentials from any providers'}, at).code).to.equal('NO_CREDENTIALS')
    expect(toS3Error({name: 'InternalError', $metadata: {httpStatusCode: 500}, message: 'boom'}, at).message).to.equal('uploading x: S3 failed (500): boom')
  })
})
