import {expect} from 'chai'

import {suggestCommands} from '../../src/cli/suggest-command.js'

const IDS = ['backup', 'backup:list', 'backup:verify', 'copy', 'count', 'doc:delete', 'doc:get', 'doc:put', 'doctor', 'export', 'health', 'index:create', 'index:delete', 'index:get', 'index:list', 'restore', 'search', 'ui']

describe('suggestCommands', () => {
  it('offers read-only commands for a typo of a read, never one that writes', () => {
    expect(suggestCommands('serch inventory', IDS)).to.deep.equal(['search'])
    expect(suggestCommands('doc gte', IDS)).to.deep.equal(['doc get'])
    expect(suggestCommands('cont', IDS)).to.deep.equal(['count'])
    expect(suggestCommands('index lst', IDS)).to.deep.equal(['index list', 'index get'])
  })

  it('names a writing command only when the typo is closest to it', () => {
    expect(suggestCommands('restor', IDS)).to.deep.equal(['restore'])
    expect(suggestCommands('xyzzy', IDS)).to.deep.equal([])
  })
})
