/**
 * An additive-increase / multiplicative-decrease limit, the rule TCP uses to share a link: cut the limit in half
 * as soon as the other side says "too much", and win it back a step at a time while it keeps up. It knows
 * nothing of what it limits — requests in flight, bytes per batch, slices read at once — so the writer, and
 * later the reader, can each keep one per quantity.
 *
 * Signals in: `succeeded(latencyMs?)` and `throttled()`. Out: `limit`, always an integer within [min, max].
 * A success only counts towards growth while its latency stays within `slowFactor` × the fastest seen: a target
 * that answers but slower and slower is already at its limit, and pushing harder would only queue.
 */

export interface AdaptiveLimitOptions {
  /** Where the limit starts (default max). */
  initial?: number
  /** Never below this (default 1). */
  min?: number
  /** Never above this: the configured value, or a ceiling a hard refusal (413) lowered. */
  max: number
  /** Added after a clean round (default 1). */
  step?: number
  /** Multiplied on throttling (default 0.5). */
  decrease?: number
  /** Clean successes that make a round: a number, or a function of the present limit (default: the limit itself). */
  round?: number | ((limit: number) => number)
  /** A success slower than this many times the fastest one seen does not count towards growth (default 3). */
  slowFactor?: number
}

export class AdaptiveLimit {
  private current: number
  private ceiling: number
  private readonly floor: number
  private readonly step: number
  private readonly decrease: number
  private readonly round: (limit: number) => number
  private readonly slowFactor: number
  private clean = 0
  private fastest = Number.POSITIVE_INFINITY
  /** Times the limit was cut; for stats. */
  cuts = 0
  /** The lowest the limit went; for stats. */
  lowest: number

  constructor(options: AdaptiveLimitOptions) {
    this.floor = Math.max(1, Math.floor(options.min ?? 1))
    this.ceiling = Math.max(this.floor, Math.floor(options.max))
    this.current = clamp(Math.floor(options.initial ?? this.ceiling), this.floor, this.ceiling)
    this.step = Math.max(1, Math.floor(options.step ?? 1))
    this.decrease = options.decrease ?? 0.5
    const round = options.round
    this.round = typeof round === 'function' ? round : round === undefined ? (limit) => limit : () => round
    this.slowFactor = options.slowFactor ?? 3
    this.lowest = this.current
  }

  get limit(): number {
    return this.current
  }

  get max(): number {
    return this.ceiling
  }

  /** The other side kept up. Returns true when the limit grew. */
  succeeded(latencyMs?: number): boolean {
    if (latencyMs !== undefined) {
      this.fastest = Math.min(this.fastest, latencyMs)
      if (latencyMs > this.fastest * this.slowFactor) return false
    }

    this.clean++
    if (this.current >= this.ceiling || this.clean < this.round(this.current)) return false
    this.current = Math.min(this.ceiling, this.current + this.step)
    this.clean = 0
    return true
  }

  /** The other side asked us to slow down. Returns true when the limit shrank. */
  throttled(): boolean {
    this.clean = 0
    const next = Math.max(this.floor, Math.floor(this.current * this.decrease))
    if (next === this.current) return false
    this.current = next
    this.cuts++
    this.lowest = Math.min(this.lowest, next)
    return true
  }

  /** A hard limit learnt on the way (a 413): the limit never grows past it again. */
  capAt(value: number): void {
    this.ceiling = Math.max(this.floor, Math.min(this.ceiling, Math.floor(value)))
    if (this.current > this.ceiling) {
      this.current = this.ceiling
      this.lowest = Math.min(this.lowest, this.current)
    }
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
