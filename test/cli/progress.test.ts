import {expect} from 'chai'

import {createProgress, perIndexProgress, readProgress} from '../../src/cli/progress.js'
import {progressText} from '../../src/cli/progress-line.js'

/** A terminal of a given width that keeps what was drawn; the last line is what a person sees now. */
function fakeTerminal(columns: number) {
  let output = ''
  const stream = {isTTY: true, columns, write: (chunk: string) => (output += chunk, true)} as unknown as NodeJS.WriteStream
  return {
    stream,
    output: () => output,
    /** The current content of each drawn line: a redraw (\r + erase) replaces it. */
    lines: () => output.split('\n').map((line) => line.split('\r\u001B[2K').at(-1)!),
  }
}

function clock() {
  let ms = 0
  return {now: () => ms, advance: (by: number) => (ms += by)}
}

describe('progress line', () => {
  it('at 80 columns keeps the rate and the ETA whole, and the bar fits in what is left', () => {
    const term = fakeTerminal(80)
    const time = clock()
    const progress = createProgress({unit: 'docs', stream: term.stream, now: time.now})
    progress.start(1_234_567)
    time.advance(5000)
    progress.update(456_789, {bytes: 987_654_321})
    const line = term.lines().at(-1)!
    expect(line.length).to.be.at.most(79)
    expect(line).to.match(/^█+░+ 36% \| 456,789\/1,234,567 docs \| 91,358 docs\/s \| 942 MiB \| ETA 9s$/)
  })

  it('drops the bar, then the size, before the numbers on a narrow terminal', () => {
    const state = {done: 456_789, total: 1_234_567, rate: 91_358, bytes: 987_654_321, etaSeconds: 8.5, unit: 'docs'}
    const wide = progressText(state, 140)
    expect(wide).to.match(/^█{15}░{25} 36%/)
    expect(progressText(state, 70)).to.equal('36% | 456,789/1,234,567 docs | 91,358 docs/s | 942 MiB | ETA 9s')
    expect(progressText(state, 60)).to.equal('36% | 456,789/1,234,567 docs | 91,358 docs/s | ETA 9s')
    expect(progressText(state, 50)).to.equal('36% | 456,789 docs | 91,358 docs/s | ETA 9s')
  })

  it('shows no rate and no ETA until there is something to measure', () => {
    const term = fakeTerminal(80)
    const time = clock()
    const progress = createProgress({unit: 'docs', stream: term.stream, now: time.now})
    progress.start(1000)
    progress.update(0)
    expect(term.output()).to.not.match(/ETA|docs\/s|NaN|Infinity/)
    expect(term.lines().at(-1)).to.match(/ 0% \| 0\/1,000 docs$/)
  })

  it('counts only this run\'s documents in the rate of a resumed read', () => {
    const term = fakeTerminal(100)
    const time = clock()
    const progress = createProgress({unit: 'docs', stream: term.stream, now: time.now})
    const hooks = readProgress(progress, () => {})
    hooks.onStart({notes: [], expected: 200_000, resumedDocs: 150_000})
    time.advance(2000)
    hooks.onProgress({docs: 152_000})
    expect(term.lines().at(-1)).to.contain('| 1,000 docs/s |').and.to.contain('ETA 48s')
  })

  it('says "1 doc/s", names the index when a backup covers several, and tells what a silent start is doing', () => {
    const term = fakeTerminal(120)
    const time = clock()
    const progress = createProgress({unit: 'docs', sizeLabel: 'gzip', stream: term.stream, now: time.now})
    progress.status('opening a point in time and counting documents…')
    expect(term.lines().at(-1)).to.equal('opening a point in time and counting documents…')
    const onProgress = perIndexProgress(progress, true)
    onProgress({index: 'orders', docs: 0, expected: 10})
    time.advance(3000)
    onProgress({index: 'orders', docs: 3, expected: 10, bytes: 2048})
    expect(term.lines().at(-1)).to.match(/^orders █+░+ 30% \| 3\/10 docs \| 1 doc\/s \| 2\.0 KiB gzip \| ETA 7s$/)
  })

  it('draws nothing when stderr is not a terminal', () => {
    const term = fakeTerminal(80)
    ;(term.stream as {isTTY: boolean}).isTTY = false
    const progress = createProgress({unit: 'docs', stream: term.stream})
    progress.status('counting')
    progress.start(10)
    progress.update(5)
    progress.stop()
    expect(term.output()).to.equal('')
  })
})
