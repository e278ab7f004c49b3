/**
 * Fault injection: rules pick requests by route/method/path and count; the server acts the
 * fault out. Latency faults add up; of the others, the first rule that fires wins.
 */
import type {FaultRule, FaultSpec} from './types.js'

interface ActiveRule {
  rule: FaultRule
  seen: number
  fired: number
  /** Matching requests being answered now (concurrency-limit). */
  inFlight: number
  /** The most that were ever answered at once (concurrency-limit); for tests to check the limit held. */
  peak: number
}

export interface FaultDecision {
  extraLatencyMs: number
  /** Held requests answer once these settle. */
  holds: Array<Promise<unknown>>
  fault: FaultSpec | undefined
  /** Called once the reply is sent: a concurrency-limit rule counts the request as answered. */
  done: () => void
}

function fires(r: ActiveRule): boolean {
  const {nth, every, times} = r.rule
  if (nth !== undefined) return r.seen === nth
  if (every !== undefined) return r.seen % every === 0 && (times === undefined || r.fired < times)
  return r.fired < (times ?? 1)
}

export class FaultTable {
  private rules: ActiveRule[] = []

  add(rule: FaultRule): void {
    this.rules.push({rule, seen: 0, fired: 0, inFlight: 0, peak: 0})
  }

  /** Per concurrency-limit rule, in the order added: the most matching requests answered at once, and 429s sent. */
  concurrency(): Array<{peak: number, refused: number}> {
    return this.rules.filter((r) => r.rule.fault.type === 'concurrency-limit').map((r) => ({peak: r.peak, refused: r.fired}))
  }

  clear(): void {
    this.rules = []
  }

  decide(route: string, method: string, path: string): FaultDecision {
    const releases: ActiveRule[] = []
    const decision: FaultDecision = {
      extraLatencyMs: 0,
      holds: [],
      fault: undefined,
      done() {
        for (const r of releases.splice(0)) r.inFlight--
      },
    }
    for (const r of this.rules) {
      const {rule} = r
      if (rule.route !== undefined && rule.route !== route) continue
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue
      if (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes)) continue
      r.seen++
      if (rule.fault.type === 'concurrency-limit') {
        if (r.inFlight >= rule.fault.max) {
          r.fired++
          decision.fault ??= {type: 'status', status: 429}
        } else {
          r.inFlight++
          r.peak = Math.max(r.peak, r.inFlight)
          releases.push(r)
        }

        continue
      }

      if (!fires(r)) continue
      if (rule.fault.type === 'latency') {
        r.fired++
        decision.extraLatencyMs += rule.fault.ms
      } else if (rule.fault.type === 'hold') {
        r.fired++
        decision.holds.push(rule.fault.until)
      } else if (decision.fault === undefined) {
        r.fired++
        decision.fault = rule.fault
      }
    }
    return decision
  }
}

/** Default bodies for injected status faults: OpenSearch shapes where one exists. */
export function faultBody(status: number): unknown {
  if (status === 429) {
    const cause = {type: 'rejected_execution_exception', reason: 'rejected execution of coordinating operation'}
    return {error: {root_cause: [cause], ...cause}, status}
  }
  if (status === 403) return {status: 403, 'request-id': '00000000-0000-0000-0000-000000000000', error: {reason: '403 Forbidden', type: 'Forbidden'}}
  if (status === 503) return {Message: 'Service Unavailable'}
  const cause = {type: 'exception', reason: `injected fault ${status}`}
  return {error: {root_cause: [cause], ...cause}, status}
}

/** shards-failed / timed-out: a partial page from a real search response. */
export function degradeSearch(text: string, kind: 'shards-failed' | 'timed-out'): string {
  let parsed: {timed_out?: boolean; _shards?: Record<string, unknown>; hits?: {hits?: unknown[]}}
  try {
    parsed = JSON.parse(text)
  } catch {
    return text
  }
  if (parsed.hits?.hits === undefined) return text
  const hits = parsed.hits.hits
  if (kind === 'timed-out') {
    parsed.timed_out = true
    parsed.hits.hits = hits.slice(0, Math.floor(hits.length / 2))
  } else {
    // One of two shards failed: every second hit is missing from the page.
    parsed.hits.hits = hits.filter((_, i) => i % 2 === 0)
    parsed._shards = {
      total: 2,
      successful: 1,
      skipped: 0,
      failed: 1,
      failures: [{shard: 1, index: (hits[0] as {_index?: string} | undefined)?._index ?? null, node: 'emulator-node-2', reason: {type: 'node_disconnected_exception', reason: '[emulator-node-2] disconnected'}}],
    }
  }
  return JSON.stringify(parsed)
}
