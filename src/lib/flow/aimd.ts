/**
 * The one AIMD limit (additive increase, multiplicative decrease: the rule TCP shares a link by). Signals in — a
 * request finished, how long it took, how many items it carried, whether it was throttled — and a limit out. It
 * knows nothing of what it limits: the reader keeps one for slices read at once, the bulk writer one for requests
 * in flight and one for batch bytes.
 *
 * - Additive increase: after a full window (`round` finished requests, by default as many as the limit), add a
 *   step when aggregate throughput rose by at least `minGain` of what one more request in flight ideally adds,
 *   compared with the last lower limit. A smaller rise means the server is saturated: the limit stays (a
 *   plateau), since more requests would only queue; the next window measures again.
 * - Multiplicative decrease: a throttle (429, 503) multiplies the limit by `decrease` at once, and the limit just
 *   below the one that failed becomes a ceiling; the limit then climbs back to that ceiling, one step per window,
 *   and stays there (or, with `retryCeilingAfter`, tries one step higher after that many clean windows at it: a
 *   collection that throttled while it scaled up may take more later). Throttles from requests sent before a cut
 *   count once. A window whose mean latency is past `latencyRise` × the best seen is cut too, but sets no
 *   ceiling: a pause of the machine or the network looks the same, so growth must then be earned again.
 *
 * The limit stays within [min, max]. Time comes in as arguments (no clock inside), so tests drive it exactly.
 */
export interface AimdOptions {
  /** Starting limit (default 2). */
  start?: number
  /** Never below this (default 1). */
  min?: number
  /** Never above this (default 16, `--max-slices`): the configured value, or lower after a hard refusal (capAt). */
  max?: number
  /** Added on growth (default 1). */
  step?: number
  /** Multiplied on a throttle (default 0.5). */
  decrease?: number
  /** Finished requests that make a window: a number, or a function of the limit (default: the limit itself). */
  round?: number | ((limit: number) => number)
  /** Throughput must rise by this share of one more request's ideal gain to earn a step (default 0.5; 0 = any). */
  minGain?: number
  /** A window's mean latency over this multiple of the best seen counts as overload (default 2; Infinity: off). */
  latencyRise?: number
  /** ...and only when it is also this many ms over the best: on a fast local server, 1 ms → 3 ms is noise (default 25). */
  latencyNoiseMs?: number
  /** Clean windows at a ceiling a throttle set before trying one step past it (default: never). */
  retryCeilingAfter?: number
}

export interface AimdSample {
  /** When the request finished, in ms on any monotonic clock. */
  at: number
  /** How long it took, in ms. */
  latencyMs: number
  /** Items it carried (hits, documents). */
  items: number
  /** Answered 429 or 503 (also when a retry then went through). */
  throttled?: boolean
}

/** Where a limit stands, for summaries: now (what it settled on, at the end), the lowest and highest, cuts. */
export interface AimdReport {
  limit: number
  lowest: number
  highest: number
  cuts: number
}

export class AimdLimit {
  private current: number
  private ceiling: number
  private max: number
  private readonly min: number
  private readonly step: number
  private readonly factor: number
  private readonly round: (limit: number) => number
  private readonly minGain: number
  private readonly latencyRise: number
  private readonly latencyNoiseMs: number
  private readonly retryCeilingAfter: number
  private bestLatency = Number.POSITIVE_INFINITY
  private windowStart?: number
  private windowItems = 0
  private windowSamples = 0
  private windowLatency = 0
  /** When the last counted request finished. */
  private lastAt = Number.NEGATIVE_INFINITY
  private windowsAtCeiling = 0
  /** Throughput of the last full window, and the limit it was measured at. */
  private last?: {rate: number, limit: number}
  private cut = false
  private lastCut = Number.NEGATIVE_INFINITY
  /** Times the limit was cut (for stats). */
  cuts = 0
  /** The lowest the limit went (for stats). */
  lowest: number
  /** The highest the limit went (for stats). */
  highest: number

  constructor(options: AimdOptions = {}) {
    this.min = Math.max(1, Math.floor(options.min ?? 1))
    this.max = Math.max(this.min, Math.floor(options.max ?? 16))
    this.ceiling = this.max
    this.current = clamp(Math.floor(options.start ?? 2), this.min, this.ceiling)
    this.step = Math.max(1, Math.floor(options.step ?? 1))
    this.factor = options.decrease ?? 0.5
    const round = options.round
    this.round = typeof round === 'function' ? round : round === undefined ? (limit) => limit : () => round
    this.minGain = options.minGain ?? 0.5
    this.latencyRise = options.latencyRise ?? 2
    this.latencyNoiseMs = options.latencyNoiseMs ?? 25
    this.retryCeilingAfter = options.retryCeilingAfter ?? Number.POSITIVE_INFINITY
    this.lowest = this.current
    this.highest = this.current
  }

  /** How many requests may be in flight now (or how many bytes a batch may hold: whatever the unit is). */
  get limit(): number {
    return this.current
  }

  report(): AimdReport {
    return {limit: this.current, lowest: this.lowest, highest: this.highest, cuts: this.cuts}
  }

  /** Feeds one finished request; returns the (possibly new) limit. */
  record(sample: AimdSample): number {
    const sent = sample.at - sample.latencyMs
    if (sample.throttled) return sent < this.lastCut ? this.current : this.decrease(true, sample.at)
    this.bestLatency = Math.min(this.bestLatency, sample.latencyMs)
    // A window runs from the end of the one before: in a steady state n requests in flight finish n in one
    // latency, staggered, and timing from the first one's start would count up to two latencies instead.
    this.windowStart ??= Math.max(sent, this.lastAt)
    this.lastAt = sample.at
    this.windowItems += sample.items
    this.windowSamples++
    this.windowLatency += sample.latencyMs
    if (this.windowSamples < this.round(this.current)) return this.current

    const rate = this.windowItems / Math.max(1, sample.at - this.windowStart)
    const mean = this.windowLatency / this.windowSamples
    if (mean > this.bestLatency * this.latencyRise && mean - this.bestLatency > this.latencyNoiseMs) return this.decrease(false, sample.at)
    if (this.current >= this.ceiling && this.ceiling < this.max && ++this.windowsAtCeiling >= this.retryCeilingAfter) {
      this.ceiling = Math.min(this.max, this.ceiling + this.step)
      this.windowsAtCeiling = 0
    }

    if (this.current < this.ceiling) {
      const previous = this.last
      // One more request in flight ideally adds 1/limit of the throughput; ask for a share of that.
      const gained = previous === undefined || previous.limit >= this.current || rate >= previous.rate * (1 + this.minGain / previous.limit)
      if (gained || this.cut) {
        this.last = {rate, limit: this.current}
        this.grow(Math.min(this.ceiling, this.current + this.step))
      }
    }

    this.resetWindow()
    return this.current
  }

  /** The other side asked to slow down, now (for callers without timings; never deduplicated). */
  throttled(): number {
    return this.decrease(true)
  }

  /** A hard limit learnt on the way (a 413): the limit never grows past it again. */
  capAt(value: number): void {
    this.ceiling = clamp(Math.floor(value), this.min, this.ceiling)
    this.max = this.ceiling
    if (this.current > this.ceiling) this.shrink(this.ceiling)
  }

  /** `hard`: the server said so (a throttle), and the limit that failed is remembered as the ceiling. */
  private decrease(hard: boolean, at?: number): number {
    if (hard) {
      this.ceiling = Math.max(this.min, this.current - this.step)
      this.windowsAtCeiling = 0
    }

    const next = Math.max(this.min, Math.floor(this.current * this.factor))
    if (next < this.current) this.cuts++
    this.shrink(next)
    this.cut = hard
    if (at !== undefined) this.lastCut = at
    this.last = undefined
    this.resetWindow()
    return this.current
  }

  private grow(to: number): void {
    this.current = to
    this.highest = Math.max(this.highest, to)
  }

  private shrink(to: number): void {
    this.current = to
    this.lowest = Math.min(this.lowest, to)
  }

  private resetWindow(): void {
    this.windowStart = undefined
    this.windowItems = 0
    this.windowSamples = 0
    this.windowLatency = 0
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
