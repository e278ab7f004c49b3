import {expect} from 'chai'

import {AossError} from '../../../src/lib/errors.js'
import {outputError} from '../../../src/lib/read/output-errors.js'

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, write`), {code})
}

describe('errors writing the export output', () => {
  it('a full disk says so and exits 3 (the export stopped partway)', () => {
    const error = outputError(errno('ENOSPC'), '/data/out.jsonl') as AossError
    expect(error).to.be.instanceOf(AossError)
    expect(error.exitCode).to.equal(3)
    expect(error.message).to.equal('cannot write to /data/out.jsonl: the disk is full (ENOSPC)')
    expect(error.hints[0]).to.contain('Free some space')
  })

  it('a full disk behind a redirected stdout points at the redirect', () => {
    const error = outputError(errno('ENOSPC'), 'stdout') as AossError
    expect(error.message).to.equal('cannot write to stdout: the disk is full (ENOSPC)')
    expect(error.hints[0]).to.contain('the file stdout is redirected to')
  })

  it('an I/O error and a quota say what they are', () => {
    expect((outputError(errno('EIO'), 'f') as AossError).message).to.contain('an I/O error')
    expect((outputError(errno('EDQUOT'), 'f') as AossError).message).to.contain('quota')
    expect((outputError(errno('EIO'), 'f') as AossError).exitCode).to.equal(3)
  })

  it('another system error names the target; anything else passes through', () => {
    const other = outputError(errno('EBADF'), 'f') as AossError
    expect(other.exitCode).to.equal(1)
    expect(other.message).to.contain('cannot write to f')
    const mine = new AossError('USAGE', 'x')
    expect(outputError(mine, 'f')).to.equal(mine)
    const plain = new Error('no code')
    expect(outputError(plain, 'f')).to.equal(plain)
  })
})
