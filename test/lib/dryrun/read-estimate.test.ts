import {expect} from 'chai'

import {estimateReadMs} from '../../../src/lib/dryrun/read-estimate.js'

describe('estimateReadMs', () => {
  it('charges the slow second page once and every later page at the steady pace', () => {
    // One slice: the first page came with the open; the second took 90 ms (cold), the next two 30 ms each.
    const ms = estimateReadMs({openMs: 50, closeMs: 20, pagesPerSlice: 20, arrivals: [[0, 90, 120, 150]]})
    // 50 open + 90 once + 18 × 30 + 20 close; the old model charged the slow page 19 times over.
    expect(ms).to.equal(50 + 90 + 18 * 30 + 20)
  })

  it('takes the pace per slice, as the slices run side by side', () => {
    const arrivals = [[0, 40, 60, 80], [0, 45, 65, 85]]
    expect(estimateReadMs({openMs: 10, closeMs: 10, pagesPerSlice: 10, arrivals})).to.equal(10 + 42.5 + 8 * 20 + 10)
  })

  it('a read of one page per slice costs the open and the close', () => {
    expect(estimateReadMs({openMs: 30, closeMs: 5, pagesPerSlice: 1, arrivals: [[0], [0]]})).to.equal(35)
  })

  it('without a steady page, every later page is charged at the one interval seen', () => {
    expect(estimateReadMs({openMs: 0, closeMs: 0, pagesPerSlice: 3, arrivals: [[0, 50]]})).to.equal(100)
  })
})
