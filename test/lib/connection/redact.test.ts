import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {redactUrl} from '../../../src/lib/connection/redact.js'
import {resolveSettings} from '../../../src/lib/connection/settings.js'
import {settingSources} from '../../../src/lib/io/setting-sources.js'
import {resolveS3Settings} from '../../../src/lib/s3/client.js'
import {AossError, ExitCode} from '../../../src/lib/errors.js'

describe('endpoints in messages', () => {
  it('lose their user info, parseable or not', () => {
    expect(redactUrl('http://admin:LeakMe99@127.0.0.1:9200')).to.equal('http://127.0.0.1:9200')
    expect(redactUrl('https://a:b@host/path?x=1')).to.equal('https://host/path?x=1')
    expect(redactUrl('ht!tp://admin:LeakMe99@::::')).to.equal('ht!tp://::::')
    expect(redactUrl('admin:LeakMe99@host:99999999')).to.equal('host:99999999')
    expect(redactUrl('http://admin:pa/ss@host')).to.equal('http://host')
    expect(redactUrl('http://a:b@c@host/x')).to.equal('http://host/x')
  })

  it('keep everything else', () => {
    expect(redactUrl('http://host:9200')).to.equal('http://host:9200')
    expect(redactUrl('https://host/a@b')).to.equal('https://host/a@b')
  })

  describe('an invalid endpoint', () => {
    let dir: string
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'aoss-redact-'))
    })
    afterEach(() => rmSync(dir, {recursive: true, force: true}))

    const failure = (run: () => unknown): AossError => {
      try {
        run()
      } catch (error) {
        return error as AossError
      }

      throw new Error('expected a failure')
    }

    it('is named without its password, from a flag or from .env', () => {
      const fromFlag = failure(() => resolveSettings({endpoint: 'http://admin:LeakMe99@::::'}, {env: {}, cwd: dir}))
      expect(fromFlag.exitCode).to.equal(ExitCode.usage)
      expect(fromFlag.message).to.match(/not a valid endpoint/)
      expect(JSON.stringify(fromFlag.toJSON())).not.to.include('LeakMe99')

      writeFileSync(join(dir, '.env'), 'OPENSEARCH_URL=http://admin:LeakMe99@bad host:9200\n')
      const fromDotEnv = failure(() => resolveSettings({}, {env: {}, cwd: dir}))
      expect(fromDotEnv.exitCode).to.equal(ExitCode.usage)
      expect(fromDotEnv.message).not.to.include('LeakMe99')
    })

    it('is a usage error when the scheme or host is mistyped, not an unreachable host', () => {
      for (const endpoint of ['ht!tp://::::', 'ht!tp://host:9200', 'http://bad!host:9200']) {
        const error = failure(() => resolveSettings({endpoint}, {env: {}, cwd: dir}))
        expect(error.exitCode, endpoint).to.equal(ExitCode.usage)
      }

      expect(resolveSettings({endpoint: 'http://[::1]:9200'}, {env: {}, cwd: dir}).endpoint).to.equal('http://[::1]:9200')
      expect(resolveSettings({endpoint: 'search-x_y.eu-west-1.es.amazonaws.com'}, {env: {}, cwd: dir}).endpoint).to.equal('https://search-x_y.eu-west-1.es.amazonaws.com')
    })

    it('for S3 is named without its password too', () => {
      const error = failure(() => resolveS3Settings({endpoint: 'ftp://key:LeakMe99@minio:9000'}, settingSources({env: {}, cwd: dir})))
      expect(error.message).to.match(/not a valid S3 endpoint/)
      expect(error.message).not.to.include('LeakMe99')
    })
  })
})
