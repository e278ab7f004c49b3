import {expect} from 'chai'

import {assertIndexName, assertIndexTarget, docPath, indexPath, targetPath} from '../../../src/lib/connection/paths.js'
import {AossError} from '../../../src/lib/errors.js'

function refusal(run: () => unknown): AossError {
  try {
    run()
  } catch (error) {
    expect(error).to.be.instanceOf(AossError)
    return error as AossError
  }

  throw new Error('expected a refusal')
}

describe('connection/paths', () => {
  it('escapes ids, and refuses . and .. which no spelling keeps out of dot-segment resolution', () => {
    expect(docPath('inventory', 'my id/1')).to.equal('/inventory/_doc/my%20id%2F1')
    expect(docPath('inventory', 'a.b')).to.equal('/inventory/_doc/a.b')
    expect(docPath('inventory', '...')).to.equal('/inventory/_doc/...')
    for (const id of ['.', '..']) {
      const error = refusal(() => docPath('victim', id))
      expect(error.exitCode).to.equal(2)
      expect(error.message).to.equal(`the document id "${id}" cannot be used in a URL path`)
      expect(error.hints).to.have.length(1)
    }

    // Why refusing is the only safe answer: URL resolution treats the percent-encoded form as a dot segment too.
    expect(new URL('/victim/_doc/%2E%2E', 'http://x').pathname).to.equal('/victim/')
    expect(refusal(() => docPath('victim', '')).exitCode).to.equal(2)
  })

  it('checks one index name against OpenSearch rules before building its path', () => {
    expect(indexPath('inventory')).to.equal('/inventory')
    expect(indexPath('.hidden', '_bulk')).to.equal('/.hidden/_bulk')
    expect(indexPath('logs-2026.11', '_doc')).to.equal('/logs-2026.11/_doc')
    const cases: Array<[string, string]> = [
      ['', 'it is empty'],
      ['.', 'it cannot be . or ..'],
      ['..', 'it cannot be . or ..'],
      ['_search', 'it cannot start with _'],
      ['-x', 'it cannot start with -'],
      ['+x', 'it cannot start with +'],
      ['Inventory', 'it must be lower case'],
      ['a b', 'it cannot hold a space'],
      ['a/b', 'it cannot hold /'],
      ['a*', 'it cannot hold *'],
      ['a,b', 'it cannot hold ,'],
      ['a#b', 'it cannot hold #'],
      ['a?b', 'it cannot hold ?'],
      ['x'.repeat(256), 'it is 256 bytes long, more than 255'],
    ]
    for (const [name, why] of cases) {
      const error = refusal(() => indexPath(name))
      expect(error.exitCode, name).to.equal(2)
      expect(error.message, name).to.equal(`invalid index name "${name}": ${why}`)
      expect(error.hints[0]).to.match(/^Index names are lower case/)
    }

    expect(() => assertIndexName('é'.repeat(127))).to.not.throw()
    expect(refusal(() => assertIndexName('é'.repeat(128))).message).to.match(/256 bytes long/)
  })

  it('lets read targets hold wildcards, lists, exclusions and _all, checking every name in them', () => {
    expect(targetPath('logs-*,-logs-old', '_search')).to.equal('/logs-*,-logs-old/_search')
    expect(targetPath('*', '_count')).to.equal('/*/_count')
    expect(targetPath('.kibana*')).to.equal('/.kibana*')
    expect(targetPath('_all', '_search')).to.equal('/_all/_search')
    const cases: Array<[string, string]> = [
      ['', 'invalid index name "": it is empty'],
      ['..', 'invalid index name "..": it cannot be . or ..'],
      ['_search', 'invalid index name "_search": it cannot start with _'],
      ['-logs', 'invalid index name "-logs": it cannot start with -'],
      ['logs,..', 'invalid index name ".." in "logs,..": it cannot be . or ..'],
      ['logs,,x', 'invalid index name "logs,,x": a comma list holds an empty name'],
      ['logs,-', 'invalid index name "-" in "logs,-": it cannot start with -'],
      ['Logs-*', 'invalid index name "Logs-*": it must be lower case'],
      ['logs/../x', 'invalid index name "logs/../x": it cannot hold /'],
    ]
    for (const [target, message] of cases) {
      const error = refusal(() => assertIndexTarget(target))
      expect(error.exitCode, target).to.equal(2)
      expect(error.message, target).to.equal(message)
    }
  })
})
