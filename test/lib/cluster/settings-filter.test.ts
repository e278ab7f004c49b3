import {expect} from 'chai'

import {buildCreateBody} from '../../../src/lib/cluster/create-body.js'
import {settingsForFlavour} from '../../../src/lib/cluster/settings-filter.js'

describe('settingsForFlavour', () => {
  const copied = {
    index: {
      number_of_shards: '3',
      number_of_replicas: '1',
      refresh_interval: '5s',
      uuid: 'abc',
      creation_date: '1700000000000',
      provided_name: 'inventory',
      version: {created: '136387927'},
      analysis: {analyzer: {folding: {tokenizer: 'standard', filter: ['lowercase', 'asciifolding']}}},
    },
  }

  it('drops shards and replicas on serverless, and read-only facts everywhere', () => {
    const result = settingsForFlavour(copied, 'serverless')
    expect(result.settings).to.deep.equal({index: {refresh_interval: '5s', analysis: copied.index.analysis}})
    expect(result.refusedByFlavour).to.deep.equal(['index.number_of_shards', 'index.number_of_replicas'])
    expect(result.dropped).to.include.members(['index.uuid', 'index.creation_date', 'index.provided_name', 'index.version.created'])
  })

  it('keeps shards and replicas on managed and self-managed clusters', () => {
    for (const flavour of ['managed', 'self-managed'] as const) {
      const result = settingsForFlavour(copied, flavour)
      expect(result.settings).to.deep.include({index: {number_of_shards: '3', number_of_replicas: '1', refresh_interval: '5s', analysis: copied.index.analysis}})
      expect(result.refusedByFlavour).to.deep.equal([])
    }
  })

  it('understands dotted and flat names alike', () => {
    const result = settingsForFlavour({'index.number_of_shards': 2, number_of_replicas: 0, 'index.knn': true}, 'serverless')
    expect(result.settings).to.deep.equal({'index.knn': true})
    expect(result.refusedByFlavour).to.deep.equal(['index.number_of_shards', 'index.number_of_replicas'])
  })

  it('handles absent settings', () => {
    expect(settingsForFlavour(undefined, 'serverless')).to.deep.equal({settings: {}, dropped: [], refusedByFlavour: []})
  })
})

describe('buildCreateBody', () => {
  it('accepts bare and wrapped mappings and settings', () => {
    const properties = {name: {type: 'text'}}
    expect(buildCreateBody({mappings: {properties}})).to.deep.equal({mappings: {properties}})
    expect(buildCreateBody({mappings: {mappings: {properties}}})).to.deep.equal({mappings: {properties}})
    expect(buildCreateBody({mappings: {inventory: {mappings: {properties}}}})).to.deep.equal({mappings: {properties}})
    expect(buildCreateBody({settings: {settings: {index: {knn: true}}}})).to.deep.equal({settings: {index: {knn: true}}})
  })

  it('takes the output of index get as a whole body', () => {
    const definition = {inventory: {aliases: {}, mappings: {properties: {}}, settings: {index: {uuid: 'x'}}}}
    expect(buildCreateBody({body: definition})).to.deep.equal(definition.inventory)
  })

  it('refuses a body with keys a create body cannot have', () => {
    expect(() => buildCreateBody({body: {properties: {}, settings: {}}})).to.throw(/unexpected top-level keys: properties/)
    expect(() => buildCreateBody({mappings: [1]})).to.throw(/--mappings must hold a JSON object/)
  })
})
