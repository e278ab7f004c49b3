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
    expect(run.stderr).to.include('nosuch is not a aoss command')
  })
})
