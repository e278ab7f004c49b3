/**
 * How many `_bulk` requests may be in flight, adjusted while running: halved when the server throttles,
 * raised by one after a clean round, never above the configured maximum nor below one. The same
 * additive-increase / multiplicative-decrease idea TCP uses, so a throttled collection gets room to scale.
 */
export class ConcurrencyGate {
  private active = 0
  private current: number
  private cleanStreak = 0
  private readonly waiting: Array<() => void> = []

  constructor(private readonly max: number) {
    this.current = max
  }

  /** The present limit (for stats and debug output). */
  get limit(): number {
    return this.current
  }

  async acquire(): Promise<void> {
    if (this.active < this.current) {
      this.active++
      return
    }

    await new Promise<void>((resolve) => {
      this.waiting.push(resolve)
    })
  }

  release(): void {
    this.active--
    this.wake()
  }

  /** The server asked us to slow down. */
  throttled(): void {
    this.current = Math.max(1, Math.floor(this.current / 2))
    this.cleanStreak = 0
  }

  /** A request went through without throttling; after a full round of them, allow one more. */
  succeeded(): void {
    this.cleanStreak++
    if (this.current < this.max && this.cleanStreak >= this.current) {
      this.current++
      this.cleanStreak = 0
      this.wake()
    }
  }

  private wake(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
