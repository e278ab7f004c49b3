import {expect} from 'chai'

import type {ExportCheckpoint} from '../../../src/lib/read/checkpoint.js'
import {checkResumeOptions} from '../../../src/lib/read/resume-options.js'

const recorded: ExportCheckpoint = {
  version: 1, index: 'inventory', query: {term: {color: 'red'}}, fields: ['sku', 'price'], tiebreaker: '_id', format: 'hit', gzip: true,
  batchSize: 1000, keepAlive: '5m', strategy: 'pit', slices: [{id: 0, docs: 0, done: false}], docs: 0, bytes: 0, startedAt: 'x', updatedAt: 'y',
}

function refusal(asked: Parameters<typeof checkResumeOptions>[0]): string {
  try {
    checkResumeOptions(asked, recorded, 'out.aoss-checkpoint.json')
  } catch (error) {
    expect((error as {exitCode: number}).exitCode).to.equal(2)
    return (error as Error).message
  }

  return 'accepted'
}

describe('resume options against the checkpoint', () => {
  it('takes what is left out from the checkpoint, and accepts what matches', () => {
    expect(refusal({})).to.equal('accepted')
    expect(refusal({format: 'hit', gzip: true, query: {term: {color: 'red'}}, fields: ['price', 'sku'], tiebreaker: '_id'})).to.equal('accepted')
  })

  it('refuses a different option, naming it and both values', () => {
    expect(refusal({format: 'source'})).to.equal('--resume with --format source, but out.aoss-checkpoint.json records --format hit')
    expect(refusal({gzip: false})).to.contain('--gzip off').and.contain('records --gzip on')
    expect(refusal({fields: ['sku']})).to.contain('--fields sku').and.contain('--fields price,sku')
    expect(refusal({query: {term: {color: 'blue'}}})).to.contain('{"term":{"color":"blue"}}').and.contain('{"term":{"color":"red"}}')
    expect(refusal({maxDocs: 5})).to.contain('--max-docs 5').and.contain('(none)')
  })
})
