import {expect} from 'chai'

import {ExitCode} from '../../src/lib/errors.js'
import {cli} from '../support/cli.js'

describe('an unknown command', () => {
  it('answers --json with a JSON error object', async () => {
    const run = await cli(['index', 'nosuch', '--json'])
    expect(run.code).to.equal(ExitCode.commandNotFound)
    const {error} = JSON.parse(run.stdout)
    expect(error).to.include({code: 'USAGE', message: 'unknown command: index nosuch', exitCode: ExitCode.commandNotFound})
  })

  it('still answers in text without --json', async () => {
    const run = await cli(['nosuch'])
    expect(run.code).to.equal(ExitCode.commandNotFound)
    expect(run.stdout).to.equal('')
    expect(run.stderr).to.include('unknown command: nosuch')
  })

  it('lists close commands without a terminal, and never a writing one for a typo of a read', async () => {
    const typo = await cli(['serch', 'inventory'])
    expect(typo.code).to.equal(ExitCode.commandNotFound)
    expect(typo.stderr).to.include('Did you mean aoss search?')
    expect(typo.stderr).to.not.match(/restore|copy|backup|delete|create|put/)
    const json = JSON.parse((await cli(['index', 'lst', '--json'])).stdout)
    expect(json.error.hints[0]).to.equal('Did you mean aoss index list, or aoss index get?')
  })
})
