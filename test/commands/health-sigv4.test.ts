import {expect} from 'chai'

import {type Emulator, startEmulator} from '../support/emulator/index.js'
import {aoss} from '../support/cli.js'

const credentials = {accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret-key-for-tests', sessionToken: 'local-session-token'}

describe('aoss health against a SigV4-checking emulator', () => {
  let emulator: Emulator
  const saved: Record<string, string | undefined> = {}
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (!(name in saved)) saved[name] = process.env[name]
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }

  before(async () => {
    emulator = await startEmulator({flavour: 'serverless', auth: {mode: 'sigv4', region: 'eu-west-1', service: 'aoss', credentials}})
    emulator.seed('inventory', [{_id: 'a', _source: {name: 'red shoes'}}])
  })
  after(async () => {
    await emulator.stop()
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  const run = (...extra: string[]) =>
    aoss(['health', '-e', emulator.url, '--auth', 'sigv4', '--service', 'aoss', '--region', 'eu-west-1', '--json', ...extra])

  it('is accepted when signed with the credentials from the standard chain', async () => {
    setEnv({AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken, AWS_PROFILE: undefined})
    const {stdout, error} = await run()
    expect(error).to.equal(undefined)
    const report = JSON.parse(stdout)
    expect(report.flavour).to.equal('serverless')
    expect(report.indices.map((row: {index: string}) => row.index)).to.deep.equal(['inventory'])
  })

  it('is refused with exit 4 and the data access policy hint when the secret is wrong', async () => {
    setEnv({AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: 'not-the-secret', AWS_SESSION_TOKEN: credentials.sessionToken})
    const {stdout, error} = await run()
    expect(error?.oclif?.exit).to.equal(4)
    const body = JSON.parse(stdout)
    expect(body.error.details.aossResponseHint).to.equal('X01:gw-helper-deny')
    expect(body.error.hints.join(' ')).to.contain('data access policy')
    expect(body.error.hints.at(-1)).to.equal('Run `aoss doctor` to name the cause.')
    expect(stdout).to.not.contain('not-the-secret')
  })

  it('is refused when signed for the wrong region', async () => {
    setEnv({AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken})
    const {error} = await aoss(['health', '-e', emulator.url, '--auth', 'sigv4', '--service', 'aoss', '--region', 'us-east-1'])
    expect(error?.oclif?.exit).to.equal(4)
  })
})
