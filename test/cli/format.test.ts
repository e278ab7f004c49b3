import {expect} from 'chai'

import {formatBytes, plural} from '../../src/cli/format.js'

describe('format', () => {
  it('never shows four digits before a unit: 1000 KiB is 0.98 MiB', () => {
    expect(formatBytes(999)).to.equal('999 B')
    expect(formatBytes(1000)).to.equal('0.98 KiB')
    expect(formatBytes(1000 * 1024)).to.equal('0.98 MiB')
    expect(formatBytes(1536)).to.equal('1.5 KiB')
    expect(formatBytes(500 * 1024 * 1024)).to.equal('500 MiB')
  })

  it('says 1 request and 2 requests, with thousands separators', () => {
    expect(plural(1, 'request')).to.equal('1 request')
    expect(plural(49_560, 'document')).to.equal('49,560 documents')
  })
})
