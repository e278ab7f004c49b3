/**
 * When and how long to wait before asking again. One policy for every request the tool sends.
 *
 * Retried: 429 (AOSS and managed throttling), 502/503/504 (gateways and warming OCUs), connection resets and
 * timeouts. Not retried: 4xx answers (the same request would fail the same way) and refused connections or
 * unknown hosts (the answer is "unreachable", and it should come at once).
 */
import {setTimeout as sleep} from 'node:timers/promises'

import {BODY_TIMEOUT} from './guarded-connection.js'

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number
  /** First back-off step; each retry doubles it, up to capMs. Full jitter picks a wait in [0, step]. */
  baseMs: number
  capMs: number
  /** Longest Retry-After we are willing to honour. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {maxRetries: 6, baseMs: 200, capMs: 20_000, maxRetryAfterMs: 60_000}

/**
 * Re-fetching a search page that came back short (failed shards, timed out, a body cut off): the client has
 * already retried the request itself, so these are fewer and start slower.
 */
export const PAGE_RETRY_POLICY: RetryPolicy = {maxRetries: 5, baseMs: 250, capMs: 8000, maxRetryAfterMs: 30_000}

/** The policy of one client: `--max-retries` (settings) over the default, and test overrides over both. */
export function requestPolicy(maxRetries: number, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {...DEFAULT_RETRY_POLICY, maxRetries, ...overrides}
}

const policies = new WeakMap<object, RetryPolicy>()

/** Records the policy a client was built with, so code that retries on its own (per-item _bulk retries) uses it. */
export function rememberPolicy(client: object, policy: RetryPolicy): void {
  policies.set(client, policy)
}

export function policyOf(client: object): RetryPolicy {
  return policies.get(client) ?? DEFAULT_RETRY_POLICY
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504])
const RETRYABLE_SOCKET_CODES = /ECONNRESET|EPIPE|socket hang up|ETIMEDOUT|EAI_AGAIN|other side closed|UND_ERR_SOCKET/i

interface ClientLikeError {
  name?: string
  message?: string
  statusCode?: number
  meta?: {statusCode?: number | null, headers?: Record<string, unknown> | null}
}

export function statusOf(error: unknown): number | undefined {
  const e = error as ClientLikeError
  return e?.statusCode ?? e?.meta?.statusCode ?? undefined
}

export function isRetryable(error: unknown): boolean {
  const e = error as ClientLikeError
  if (!e || typeof e !== 'object') return false
  if (e.name === 'ResponseError') return RETRYABLE_STATUS.has(statusOf(e) ?? 0)
  if (e.name === 'TimeoutError') return true
  if (e.name === 'ConnectionError') return RETRYABLE_SOCKET_CODES.test(e.message ?? '') || BODY_TIMEOUT.test(e.message ?? '')
  return false
}

/**
 * Requests that are not safe to send twice (a `_bulk` or `POST _doc` without ids: each copy adds documents) are
 * retried only on answers that say the server did nothing: 429 and 503. A timeout, a reset or a gateway error
 * leaves the outcome unknown, and sending again could duplicate documents.
 */
export function isRetryableWhenNotIdempotent(error: unknown): boolean {
  const status = statusOf(error)
  return (error as ClientLikeError)?.name === 'ResponseError' && (status === 429 || status === 503)
}

/** Request options marking a request as not safe to repeat; the client's retry loop reads this marker. */
export const NOT_IDEMPOTENT = {context: {aossNotIdempotent: true}} as const

export function isMarkedNotIdempotent(options: unknown): boolean {
  return (options as {context?: {aossNotIdempotent?: boolean}} | undefined)?.context?.aossNotIdempotent === true
}

/**
 * Request options that have the client's retry loop tell `onThrottle` when the server answered 429 or 503 and the
 * request is sent again: the retry hides the throttle from the caller, and an adaptive limit needs to see it.
 * Merge with NOT_IDEMPOTENT by spreading both `context`s.
 */
export function reportThrottles(onThrottle: () => void): {context: {aossOnThrottle: () => void}} {
  return {context: {aossOnThrottle: onThrottle}}
}

/** Tells the request's throttle listener (reportThrottles) about a retry, if it was a throttle. */
export function noticeRetry(options: unknown, error: unknown): void {
  const status = statusOf(error)
  if (status !== 429 && status !== 503) return
  ;(options as {context?: {aossOnThrottle?: () => void}} | undefined)?.context?.aossOnThrottle?.()
}

/** Retry-After in milliseconds, from seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const raw = (error as ClientLikeError)?.meta?.headers?.['retry-after']
  if (raw === undefined || raw === null) return undefined
  const text = String(raw).trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Exponential back-off with full jitter, never shorter than what the server asked for. */
export function backoffMs(attempt: number, policy: RetryPolicy, serverAskedMs?: number, random = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** attempt)
  const jittered = Math.round(random() * step)
  if (serverAskedMs === undefined) return jittered
  return Math.max(jittered, Math.min(serverAskedMs, policy.maxRetryAfterMs))
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy runs out. `onRetry` sees each wait
 * (for debug logs and counters).
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  options: {onRetry?: (error: unknown, attempt: number, waitMs: number) => void, signal?: AbortSignal, retryable?: (error: unknown) => boolean} = {},
): Promise<T> {
  const retryable = options.retryable ?? isRetryable
  for (let n = 0; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (n >= policy.maxRetries || !retryable(error) || options.signal?.aborted) throw error
      const wait = backoffMs(n, policy, retryAfterMs(error))
      options.onRetry?.(error, n + 1, wait)
      await sleep(wait, undefined, {signal: options.signal})
    }
  }
}
