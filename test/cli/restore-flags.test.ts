import {expect} from 'chai'

import {restoreInputFrom} from '../../src/cli/restore-flags.js'

describe('restore flags', () => {
  const flags = {index: 'inventory', 'id-mode': 'keep', 'batch-bytes': 1024, 'batch-docs': 10, concurrency: 2}

  it('states the restore the flags ask for, with the count wait in milliseconds', () => {
    const input = restoreInputFrom('dump.ndjson', {...flags, mappings: 'm.json', 'count-timeout': 5, 's3-region': 'eu-west-1'}, 'dev')
    expect(input).to.include({source: 'dump.ndjson', index: 'inventory', mappingsFile: 'm.json', countTimeoutMs: 5000, idMode: 'keep'})
    expect(input.s3).to.deep.equal({region: 'eu-west-1', endpoint: undefined, profile: 'dev'})
  })

  it('refuses --mappings with --create-index, which takes the backup\'s own', () => {
    expect(() => restoreInputFrom('s3://b/p/manifest.json', {...flags, mappings: 'm.json', 'create-index': true}, undefined)).to.throw('--mappings cannot be used with --create-index')
  })
})
