/**
 * How many `_bulk` requests may be in flight, adjusted while running by an AdaptiveLimit (adaptive.ts): halved
 * when the server throttles, raised by one after a clean round, never above the configured maximum nor below
 * one, so a throttled collection gets room to scale.
 */
import {AdaptiveLimit} from './adaptive.js'

export class ConcurrencyGate {
  private active = 0
  private readonly waiting: Array<() => void> = []
  readonly control: AdaptiveLimit

  constructor(max: number) {
    this.control = new AdaptiveLimit({max})
  }

  /** The present limit (for stats and debug output). */
  get limit(): number {
    return this.control.limit
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
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
    this.control.throttled()
  }

  /** A request went through without throttling; after a full round of them, allow one more. */
  succeeded(latencyMs?: number): void {
    if (this.control.succeeded(latencyMs)) this.wake()
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
