import {expect} from 'chai'

import {AdaptiveLimit} from '../../../src/lib/write/adaptive.js'
import {withIdField} from '../../../src/lib/write/bulk-doc.js'
import {ConcurrencyGate} from '../../../src/lib/write/concurrency-gate.js'

describe('AdaptiveLimit (additive increase, multiplicative decrease)', () => {
  it('halves on throttling down to the floor, then grows one step per clean round up to the ceiling', () => {
    const limit = new AdaptiveLimit({max: 8})
    expect(limit.limit).to.equal(8)
    limit.throttled()
    limit.throttled()
    expect(limit.limit).to.equal(2)
    limit.throttled()
    limit.throttled()
    expect(limit.limit).to.equal(1)
    expect(limit.lowest).to.equal(1)
    expect(limit.cuts).to.equal(3)
    // A round is as many clean answers as the limit: 1, then 2, then 3 …
    const grown: number[] = []
    for (let i = 0; i < 40; i++) {
      limit.succeeded()
      grown.push(limit.limit)
    }

    expect(grown.slice(0, 4)).to.deep.equal([2, 2, 3, 3])
    expect(limit.limit).to.equal(8)
    expect(Math.max(...grown)).to.equal(8)
  })

  it('a throttle in the middle of a round starts the round over', () => {
    const limit = new AdaptiveLimit({max: 4, initial: 2})
    limit.succeeded()
    limit.throttled()
    expect(limit.limit).to.equal(1)
    limit.succeeded()
    expect(limit.limit).to.equal(2)
  })

  it('does not grow on answers much slower than the fastest seen', () => {
    const limit = new AdaptiveLimit({max: 10, initial: 1, round: 1})
    limit.succeeded(100)
    expect(limit.limit).to.equal(2)
    limit.succeeded(1000)
    limit.succeeded(900)
    expect(limit.limit).to.equal(2)
    limit.succeeded(200)
    expect(limit.limit).to.equal(3)
  })

  it('works in any unit: bytes with a fixed round and a large step, capped by a hard limit', () => {
    const bytes = new AdaptiveLimit({max: 4096, min: 512, step: 512, round: 2})
    bytes.throttled()
    bytes.throttled()
    bytes.throttled()
    expect(bytes.limit).to.equal(512)
    bytes.succeeded()
    bytes.succeeded()
    expect(bytes.limit).to.equal(1024)
    bytes.capAt(768)
    expect(bytes.limit).to.equal(768)
    for (let i = 0; i < 10; i++) bytes.succeeded()
    expect(bytes.limit).to.equal(768)
  })

  it('the concurrency gate admits only as many holders as the limit allows', async () => {
    const gate = new ConcurrencyGate(2)
    gate.throttled()
    await gate.acquire()
    let second = false
    const waiting = gate.acquire().then(() => {
      second = true
    })
    await Promise.resolve()
    expect(second).to.equal(false)
    gate.release()
    await waiting
    expect(second).to.equal(true)
  })
})

describe('withIdField (--id-field)', () => {
  it('writes the source _id into the document, keeping the rest of its text', () => {
    const doc = {id: 'a"1', sourceJson: '{"n":12345678901234567890,"p":1.50}', line: 1}
    expect(withIdField(doc, 'source_id').sourceJson).to.equal('{"source_id":"a\\"1","n":12345678901234567890,"p":1.50}')
    expect(JSON.parse(withIdField({...doc, sourceJson: ' { } '}, 'source_id').sourceJson)).to.deep.equal({source_id: 'a"1'})
  })

  it('replaces a field of that name already there (a copy of a copy), and leaves documents without an id alone', () => {
    const doc = {id: 'new', sourceJson: '{"a":1,"source_id":{"x":[1,2]},"b":2}', line: 1}
    expect(withIdField(doc, 'source_id').sourceJson).to.equal('{"a":1,"source_id":"new","b":2}')
    const noId = {sourceJson: '{"a":1}', line: 2}
    expect(withIdField(noId, 'source_id')).to.equal(noId)
  })
})
