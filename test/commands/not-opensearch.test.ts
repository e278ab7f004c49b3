/**
 * Answers that are not OpenSearch — a web page, a redirect, a body that stops — must fail the command, never pass
 * as an empty success. Each case runs the real CLI against a small server on 127.0.0.1.
 */
import {expect} from 'chai'

import {ExitCode} from '../../src/lib/errors.js'
import {cli} from '../support/cli.js'
import {type FakeServer, fakeServer, htmlPage, redirectElsewhere, stallAfterHeaders} from '../support/fake-server.js'

/** Every kind of call: probe, cluster APIs, _cat, search, count, index writes and deletes, the streamed export. */
const commands = [
  ['count', 'inventory'],
  ['health'],
  ['index', 'list'],
  ['index', 'get', 'inventory'],
  ['index', 'create', 'inventory'],
  ['index', 'delete', 'inventory', '--force'],
  ['search', 'inventory'],
  ['doc', 'get', 'inventory', 'a'],
  ['doc', 'put', 'inventory', '-d', '{"n":1}', '--id', 'a'],
  ['doc', 'delete', 'inventory', 'a'],
  ['export', 'inventory'],
]

describe('an endpoint that is not OpenSearch', () => {
  describe('a page served with 200 text/html', () => {
    let server: FakeServer
    before(async () => {
      server = await fakeServer(htmlPage)
    })
    after(() => server.stop())

    for (const argv of commands) {
      it(`fails ${argv.slice(0, 2).join(' ')} with exit 6, naming what answered`, async () => {
        const run = await cli([...argv, '-e', server.url, '--auth', 'none'])
        expect(run.code, run.stderr).to.equal(ExitCode.unreachable)
        expect(run.stderr).to.include('answered text/html, not OpenSearch — is the URL right?')
        expect(run.stdout).to.equal('')
      })
    }

    it('says so in the --json error object', async () => {
      const run = await cli(['count', 'inventory', '-e', server.url, '--auth', 'none', '--json'])
      expect(run.code).to.equal(ExitCode.unreachable)
      const {error} = JSON.parse(run.stdout)
      expect(error).to.include({code: 'NOT_OPENSEARCH', exitCode: ExitCode.unreachable})
      expect(error.details).to.include({contentType: 'text/html'})
    })

    it('suggests http:// when https:// meets it', async () => {
      const run = await cli(['count', 'inventory', '-e', server.url.replace('http:', 'https:'), '--auth', 'none', '--max-retries', '0'])
      expect(run.code).to.equal(ExitCode.unreachable)
      expect(run.stderr).to.include('Use http:// instead of https://')
      expect(run.stderr).not.to.include('pass --insecure')
    })
  })

  describe('a redirect to another host', () => {
    let server: FakeServer
    before(async () => {
      server = await fakeServer(redirectElsewhere)
    })
    after(() => server.stop())

    for (const argv of commands) {
      it(`is not followed by ${argv.slice(0, 2).join(' ')}: exit 6, naming where it points without user info`, async () => {
        const run = await cli([...argv, '-e', server.url, '--auth', 'none'])
        expect(run.code, run.stderr).to.equal(ExitCode.unreachable)
        expect(run.stderr).to.include('redirected (302) to https://login.example.net/start?from=aoss')
        expect(run.stderr + run.stdout).not.to.include('hunter2')
        expect(run.stdout).to.equal('')
      })
    }
  })

  describe('a body that stops after the headers', () => {
    let server: FakeServer
    before(async () => {
      server = await fakeServer(stallAfterHeaders)
    })
    after(() => server.stop())

    for (const argv of [['count', 'inventory'], ['search', 'inventory'], ['health'], ['index', 'list'], ['export', 'inventory']]) {
      it(`times ${argv.slice(0, 2).join(' ')} out with --timeout`, async () => {
        const run = await cli([...argv, '-e', server.url, '--auth', 'none', '--timeout', '1', '--max-retries', '0'])
        expect(run.code, run.stderr).to.equal(ExitCode.unreachable)
        expect(run.stderr).to.include('timed out')
      })
    }
  })
})
