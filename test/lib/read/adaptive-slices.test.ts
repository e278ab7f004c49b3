import {expect} from 'chai'

import {AimdLimit} from '../../../src/lib/read/adaptive-slices.js'

/**
 * A simulated server, in rounds: every request in flight takes `latency(n)` ms; above `accepts` concurrent ones,
 * the extra ones are answered 429. Time is the simulation's, so nothing here depends on the machine's speed.
 */
function drive(limit: AimdLimit, rounds: number, server: {accepts?: number, latency: (inFlight: number) => number}): number[] {
  const seen: number[] = []
  let now = 0
  for (let round = 0; round < rounds; round++) {
    const inFlight = limit.limit
    const took = server.latency(inFlight)
    for (let i = 0; i < inFlight; i++) {
      limit.record({at: now + took, latencyMs: took, items: 1000, throttled: server.accepts !== undefined && i >= server.accepts})
    }

    now += took
    seen.push(limit.limit)
  }

  return seen
}

describe('AIMD concurrency limit', () => {
  it('starts at 2 and grows to the cap when throughput keeps rising (no limit, high latency)', () => {
    const limit = new AimdLimit({start: 2, max: 16})
    const seen = drive(limit, 60, {latency: () => 800})
    expect(seen[0]).to.equal(3)
    expect(limit.limit).to.equal(16)
  })

  it('settles at K when the server throttles above K concurrent requests', () => {
    for (const accepts of [3, 5, 9]) {
      const limit = new AimdLimit({start: 2, max: 16})
      const seen = drive(limit, 80, {accepts, latency: () => 200})
      expect(limit.limit, `K = ${accepts}`).to.equal(accepts)
      // Once there, it stays: no more throttling in the last rounds.
      expect(seen.slice(-20).every((n) => n === accepts), `K = ${accepts}`).to.equal(true)
    }
  })

  it('stops growing where more requests only queue (throughput flat, latency rising with load)', () => {
    const limit = new AimdLimit({start: 2, max: 16})
    // The server does 4 requests' worth of work at a time: beyond 4 in flight, each waits its turn.
    drive(limit, 60, {latency: (n) => 100 * Math.max(1, n / 4)})
    expect(limit.limit).to.be.within(4, 6)
  })

  it('halves on a throttle and never leaves [min, max]', () => {
    const limit = new AimdLimit({start: 8, min: 1, max: 8})
    expect(limit.record({at: 100, latencyMs: 100, items: 0, throttled: true})).to.equal(4)
    // A throttle from a request sent before the cut says nothing new.
    expect(limit.record({at: 150, latencyMs: 100, items: 0, throttled: true})).to.equal(4)
    expect(limit.record({at: 400, latencyMs: 100, items: 0, throttled: true})).to.equal(2)
    expect(limit.record({at: 600, latencyMs: 100, items: 0, throttled: true})).to.equal(1)
    expect(limit.record({at: 800, latencyMs: 100, items: 0, throttled: true})).to.equal(1)
  })
})
