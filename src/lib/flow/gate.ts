/**
 * A gate that lets as many holders through as an AimdLimit (aimd.ts) allows, and tells the limit how each request
 * went. The reader puts its searches through one (how many slices read at once), the bulk writer its `_bulk`
 * requests. Waiters are served first come, first served, so no caller starves.
 */
import type {AimdLimit, AimdSample} from './aimd.js'

export class FlowGate {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(
    readonly control: AimdLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

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

  /** One finished request; `at` defaults to now. */
  record(sample: Omit<AimdSample, 'at'> & {at?: number}): void {
    this.control.record({...sample, at: sample.at ?? this.now()})
    this.wake()
  }

  /** The server asked to slow down, with no timing to go by. */
  throttled(): void {
    this.control.throttled()
  }

  /**
   * Runs one request through the gate and reports it. `fn` gets a function to call when the server throttled
   * it (a 429 or 503 its retries then got past); `items` says how much the answer carried.
   */
  async run<T>(fn: (throttled: () => void) => Promise<T>, items: (result: T) => number): Promise<T> {
    await this.acquire()
    const started = this.now()
    let throttled = false
    const report = (n: number) => this.control.record({at: this.now(), latencyMs: this.now() - started, items: n, throttled})
    try {
      const result = await fn(() => {
        throttled = true
      })
      report(items(result))
      return result
    } catch (error) {
      if (throttled) report(0)
      throw error
    } finally {
      this.release()
    }
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active++
      this.waiting.shift()!()
    }
  }
}
