import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import {expect} from 'chai'

import {DEFINITION_FILE, loadDefinition} from '../support/local-state-machine.js'
import {repoRoot} from '../support/cli.js'

type Validator = (definition: unknown) => {isValid: boolean, errorsText: (separator?: string) => string}
const validate = createRequire(import.meta.url)('asl-validator') as Validator

type State = Record<string, unknown> & {Type: string}
type Machine = {StartAt: string, States: Record<string, State>}

describe('backup state machine definition', () => {
  it('is valid Amazon States Language once the template fills in the function ARN', async () => {
    const result = validate(await loadDefinition())
    expect(result.isValid, result.errorsText('\n')).to.equal(true)
  })

  it('fans slices out in a Distributed Map that loops a continued slice back and retries throttling with backoff', async () => {
    const machine = (await loadDefinition()) as unknown as Machine
    const map = machine.States.Slices as State & {ItemProcessor: Machine & {ProcessorConfig: {Mode: string}}, MaxConcurrencyPath: string}
    expect(map.Type).to.equal('Map')
    expect(map.ItemProcessor.ProcessorConfig.Mode).to.equal('DISTRIBUTED')
    expect(map.MaxConcurrencyPath).to.equal('$.maxConcurrency')
    const slice = map.ItemProcessor.States.Slice as State & {Retry: Array<{ErrorEquals: string[], BackoffRate: number}>}
    const throttled = slice.Retry.find((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'))
    expect(throttled?.ErrorEquals).to.include('aoss.THROTTLED')
    expect(throttled?.BackoffRate).to.be.greaterThan(1)
    const choice = map.ItemProcessor.States['SliceDone?'] as State & {Choices: Array<{Variable: string, StringEquals: string, Next: string}>}
    expect(choice.Choices).to.deep.equal([{Variable: '$.status', StringEquals: 'continued', Next: 'Slice'}])
    for (const name of ['Slices', 'Commit']) {
      expect((machine.States[name] as State & {Catch: Array<{ErrorEquals: string[], Next: string}>}).Catch).to.deep.include({ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Abort'})
    }
  })

  it('is the file the template deploys, with the function ARN substituted', async () => {
    const template = await readFile(join(repoRoot, 'src', 'lambda', 'template.yaml'), 'utf8')
    expect(template).to.include('DefinitionUri: backup.asl.json')
    expect(template).to.match(/DefinitionSubstitutions:\s+BackupFunctionArn: !GetAtt BackupFunction\.Arn/)
    const text = await readFile(DEFINITION_FILE, 'utf8')
    expect([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])).to.satisfy((names: string[]) => names.every((n) => n === 'BackupFunctionArn'))
  })
})
