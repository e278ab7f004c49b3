/**
 * An AIMD concurrency limit: signals in (a request finished, how long it took, how many items it carried, whether
 * it was throttled), a limit out. It knows nothing of slices or bulk batches, so a reader and a writer can share it.
 *
 * - Additive increase: after a full window (as many finished requests as the limit), add one while aggregate
 *   throughput rose by at least `minGain` of what one more request in flight ideally adds, and latency stayed
 *   under `latencyRise` × the best latency seen. A rise smaller than that means the server is saturated: the
 *   limit stays (a plateau), since more requests would only queue.
 * - Multiplicative decrease: a throttle (429, 503) or latency past that bound halves the limit at once, and the
 *   limit just below the one that failed becomes a ceiling; the limit then climbs back to that ceiling, one step
 *   per window, and stays there. Throttles from requests sent before a cut count once.
 *
 * The limit stays within [min, max]. Time comes in as arguments (no clock inside), so tests drive it exactly.
 */
export interface AimdOptions {
  /** Starting limit (default 2). */
  start?: number
  /** Never below this (default 1). */
  min?: number
  /** Never above this (default 16, `--max-slices`). */
  max?: number
  /** Throughput must rise by this fraction to earn another step up (default 0.1). */
  minGain?: number
  /** Latency over this multiple of the best seen counts as overload (default 2). */
  latencyRise?: number
}

export interface AimdSample {
  /** When the request finished, in ms on any monotonic clock. */
  at: number
  /** How long it took, in ms. */
  latencyMs: number
  /** Items it carried (hits, documents). */
  items: number
  /** Answered 429 or 503. */
  throttled?: boolean
}

export class AimdLimit {
  private current: number
  private ceiling: number
  private readonly min: number
  private readonly minGain: number
  private readonly latencyRise: number
  private bestLatency = Number.POSITIVE_INFINITY
  private windowStart?: number
  private windowItems = 0
  private windowSamples = 0
  private windowWorst = 0
  /** Throughput of the last full window, and the limit it was measured at. */
  private last?: {rate: number, limit: number}
  private cut = false
  private lastCut = Number.NEGATIVE_INFINITY

  constructor(options: AimdOptions = {}) {
    this.min = Math.max(1, options.min ?? 1)
    this.ceiling = Math.max(this.min, options.max ?? 16)
    this.current = Math.min(this.ceiling, Math.max(this.min, options.start ?? 2))
    this.minGain = options.minGain ?? 0.5
    this.latencyRise = options.latencyRise ?? 2
  }

  /** How many requests may be in flight now. */
  get limit(): number {
    return this.current
  }

  /** Feeds one finished request; returns the (possibly new) limit. */
  record(sample: AimdSample): number {
    const sent = sample.at - sample.latencyMs
    if (sample.throttled) return sent < this.lastCut ? this.current : this.decrease(sample.at)
    this.bestLatency = Math.min(this.bestLatency, sample.latencyMs)
    this.windowStart ??= sent
    this.windowItems += sample.items
    this.windowSamples++
    this.windowWorst = Math.max(this.windowWorst, sample.latencyMs)
    if (this.windowSamples < this.current) return this.current

    const rate = this.windowItems / Math.max(1, sample.at - this.windowStart)
    if (this.windowWorst > this.bestLatency * this.latencyRise) return this.decrease(sample.at)
    if (this.current < this.ceiling) {
      const previous = this.last
      // One more request in flight ideally adds 1/limit of the throughput; ask for a share of that.
      const gained = previous === undefined || previous.limit >= this.current || rate >= previous.rate * (1 + this.minGain / previous.limit)
      if (gained || this.cut) {
        this.last = {rate, limit: this.current}
        this.current++
      } else {
        this.ceiling = this.current
      }
    }

    this.resetWindow()
    return this.current
  }

  private decrease(at: number): number {
    this.ceiling = Math.max(this.min, this.current - 1)
    this.current = Math.max(this.min, Math.floor(this.current / 2))
    this.cut = true
    this.lastCut = at
    this.last = undefined
    this.resetWindow()
    return this.current
  }

  private resetWindow(): void {
    this.windowStart = undefined
    this.windowItems = 0
    this.windowSamples = 0
    this.windowWorst = 0
  }
}
