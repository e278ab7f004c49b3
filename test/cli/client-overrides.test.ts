import {expect} from 'chai'

import {AossCommand} from '../../src/cli/base-command.js'
import {aoss} from '../support/cli.js'

describe('test overrides of the client', () => {
  afterEach(() => {
    AossCommand.clientOverrides = undefined
  })

  it('reach a command run in-process, although oclif loads it through its own module instances', async () => {
    let asked = 0
    AossCommand.clientOverrides = {
      credentials: async () => {
        asked++
        return {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret'}
      },
      retry: {maxRetries: 0},
    }
    // Nothing listens on port 9: the request fails, but only after the credentials were asked for to sign it.
    const {error} = await aoss(['count', 'inventory', '-e', 'http://127.0.0.1:9', '--auth', 'sigv4', '--region', 'us-east-1', '--service', 'es'])
    expect(error).to.not.equal(undefined)
    expect(asked).to.be.greaterThan(0)
  })
})
