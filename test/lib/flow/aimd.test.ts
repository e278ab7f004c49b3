import {expect} from 'chai'

import {AimdLimit} from '../../../src/lib/flow/aimd.js'
import {FlowGate} from '../../../src/lib/flow/gate.js'

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

  it('counts cuts and the lowest and highest limit', () => {
    const limit = new AimdLimit({start: 8, max: 8})
    limit.throttled()
    limit.throttled()
    limit.throttled()
    limit.throttled()
    expect(limit.limit).to.equal(1)
    expect(limit.lowest).to.equal(1)
    expect(limit.cuts).to.equal(3)
    expect(limit.highest).to.equal(8)
  })

  it('after a cut, climbs back one step per window to just below where it failed, without asking for more throughput', () => {
    const limit = new AimdLimit({start: 8, max: 8, minGain: 0, latencyRise: Number.POSITIVE_INFINITY})
    limit.throttled()
    const seen: number[] = []
    let now = 0
    for (let i = 0; i < 40; i++) {
      now += 10
      // The same throughput at every limit: growth after a cut does not depend on it.
      seen.push(limit.record({at: now, latencyMs: 10 * limit.limit, items: 1}))
    }

    expect(seen.slice(0, 9)).to.deep.equal([4, 4, 4, 5, 5, 5, 5, 5, 6])
    expect(limit.limit).to.equal(7)
  })

  it('with retryCeilingAfter, tries a step past the ceiling after that many clean windows at it', () => {
    const limit = new AimdLimit({start: 4, max: 4, round: 1, retryCeilingAfter: 3, latencyRise: Number.POSITIVE_INFINITY})
    limit.throttled()
    expect(limit.limit).to.equal(2)
    const seen: number[] = []
    for (let i = 1; i <= 6; i++) seen.push(limit.record({at: i * 100, latencyMs: 50, items: 1}))
    expect(seen).to.deep.equal([3, 3, 3, 4, 4, 4])
  })

  it('backs off when latency rises past twice the best, even without a throttle', () => {
    const limit = new AimdLimit({start: 4, max: 16})
    for (let i = 1; i <= 4; i++) limit.record({at: i * 100, latencyMs: 100, items: 1000})
    expect(limit.limit).to.equal(5)
    for (let i = 1; i <= 5; i++) limit.record({at: 1000 + i * 300, latencyMs: 300, items: 1000})
    expect(limit.limit).to.equal(2)
  })

  it('works in any unit: bytes with a fixed round and a large step, capped by a hard limit', () => {
    const bytes = new AimdLimit({start: 4096, max: 4096, min: 512, step: 512, round: 2, minGain: 0, latencyRise: Number.POSITIVE_INFINITY})
    bytes.throttled()
    bytes.throttled()
    expect(bytes.limit).to.equal(1024)
    bytes.throttled()
    bytes.throttled()
    expect(bytes.limit).to.equal(512)
    const twice = (at: number) => {
      bytes.record({at, latencyMs: 1, items: 1})
      bytes.record({at: at + 1, latencyMs: 1, items: 1})
    }

    // The last cut came from 512: the ceiling is the floor itself, until a wider one is set.
    twice(1)
    expect(bytes.limit).to.equal(512)
    const wider = new AimdLimit({start: 4096, max: 4096, min: 512, step: 512, round: 2, minGain: 0, latencyRise: Number.POSITIVE_INFINITY})
    wider.throttled()
    wider.throttled()
    wider.record({at: 1, latencyMs: 1, items: 1})
    wider.record({at: 2, latencyMs: 1, items: 1})
    expect(wider.limit).to.equal(1536)
    wider.capAt(1200)
    expect(wider.limit).to.equal(1200)
    for (let i = 0; i < 10; i++) wider.record({at: 10 + i, latencyMs: 1, items: 1})
    expect(wider.limit).to.equal(1200)
  })
})

describe('FlowGate', () => {
  it('admits only as many holders as the limit allows, first come first served', async () => {
    const gate = new FlowGate(new AimdLimit({start: 2, max: 2}))
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

  it('run() reports a request the client had to retry after a throttle as throttled', async () => {
    let now = 0
    const gate = new FlowGate(new AimdLimit({start: 4, max: 4}), () => now)
    const answer = await gate.run(async (throttled) => {
      now = 100
      throttled()
      return {hits: 3}
    }, (r) => r.hits)
    expect(answer.hits).to.equal(3)
    expect(gate.limit).to.equal(2)
  })
})

