import {expect} from 'chai'

import {compareMappings, idsVerdict, judgeTarget} from '../../../src/lib/dryrun/target-facts.js'

describe('judgeTarget', () => {
  const base = {index: 'inv', flavour: 'serverless' as const}

  it('names the settings a Serverless target refuses when --create-index would make it', () => {
    const judged = judgeTarget({...base, exists: false}, {createIndex: true, sourceSettings: {index: {number_of_shards: '3', refresh_interval: '1s', uuid: 'x'}}})
    expect(judged.action).to.equal('create')
    expect(judged.settingsRefused).to.deep.equal(['index.number_of_shards'])
    expect(judged.notCarried).to.include('setting index.number_of_shards: serverless refuses it, so it is left out')
  })

  it('says the run would stop on ids in a time-series collection with --id-mode keep, and drop them with auto', () => {
    expect(judgeTarget({...base, exists: true, collectionType: 'timeseries'}, {idMode: 'keep'}).ids).to.equal('refused')
    const auto = judgeTarget({...base, exists: true, collectionType: 'vectorsearch'}, {idMode: 'auto', idField: 'source_id'})
    expect(auto.ids).to.equal('dropped')
    expect(auto.notCarried.join('\n')).to.include('they go into source_id')
  })

  it('does not guess ids on Serverless without the collection type, and keeps them elsewhere', () => {
    expect(idsVerdict('serverless', undefined, 'keep')).to.equal('unknown')
    expect(idsVerdict('serverless', 'search', 'keep')).to.equal('kept')
    expect(idsVerdict('managed', undefined, 'keep')).to.equal('kept')
    expect(idsVerdict('managed', undefined, 'drop')).to.equal('dropped')
  })

  it('refuses --create-index into an index that exists, and says a missing one is made with dynamic mappings', () => {
    expect(judgeTarget({...base, exists: true}, {createIndex: true}).action).to.equal('blocked')
    expect(judgeTarget({...base, flavour: 'managed', exists: false}, {sourceMappings: {}}).notCarried[0]).to.match(/first _bulk would create it with dynamic mappings/)
  })
})

describe('compareMappings', () => {
  it('names types that differ and fields the target lacks, nested ones dotted', () => {
    const source = {properties: {sku: {type: 'keyword'}, dims: {properties: {w: {type: 'float'}}}, price: {type: 'float'}}}
    const target = {dynamic: 'strict', properties: {sku: {type: 'text'}, price: {type: 'float'}, extra: {type: 'long'}}}
    expect(compareMappings(source, target)).to.deep.equal([
      'sku: keyword in the source, text in the target',
      "1 field not in the target's mapping (its mapping is strict, so documents with them are refused): dims.w",
    ])
  })
})
