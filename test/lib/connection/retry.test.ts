import {expect} from 'chai'

import {backoffMs, DEFAULT_RETRY_POLICY, isRetryable, retryAfterMs, withRetry} from '../../../src/lib/connection/retry.js'

const responseError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`status ${status}`), {name: 'ResponseError', meta: {statusCode: status, headers}})

describe('retry policy', () => {
  it('retries throttling, gateway errors, resets and timeouts but not client errors or refused connections', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryable(responseError(status)), String(status)).to.equal(true)
    for (const status of [400, 401, 403, 404, 409, 413, 500]) expect(isRetryable(responseError(status)), String(status)).to.equal(false)
    expect(isRetryable(Object.assign(new Error('socket hang up'), {name: 'ConnectionError'}))).to.equal(true)
    expect(isRetryable(Object.assign(new Error('read ECONNRESET'), {name: 'ConnectionError'}))).to.equal(true)
    expect(isRetryable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {name: 'ConnectionError'}))).to.equal(false)
    expect(isRetryable(Object.assign(new Error('Request timed out'), {name: 'TimeoutError'}))).to.equal(true)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs(responseError(429, {'retry-after': '3'}))).to.equal(3000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryAfterMs(responseError(429, {'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT'}), now)).to.equal(5000)
    expect(retryAfterMs(responseError(429))).to.equal(undefined)
  })

  it('grows exponentially with full jitter, capped, and never waits less than the server asked', () => {
    const policy = {...DEFAULT_RETRY_POLICY, baseMs: 100, capMs: 1000}
    expect(backoffMs(0, policy, undefined, () => 1)).to.equal(100)
    expect(backoffMs(3, policy, undefined, () => 1)).to.equal(800)
    expect(backoffMs(10, policy, undefined, () => 1)).to.equal(1000)
    expect(backoffMs(3, policy, undefined, () => 0)).to.equal(0)
    expect(backoffMs(0, policy, 2500, () => 0.5)).to.equal(2500)
    expect(backoffMs(0, {...policy, maxRetryAfterMs: 1000}, 99_000, () => 0)).to.equal(1000)
  })

  it('stops after maxRetries and rethrows the last error', async () => {
    let calls = 0
    const policy = {...DEFAULT_RETRY_POLICY, maxRetries: 3, baseMs: 1, capMs: 2}
    try {
      await withRetry(async () => {
        calls++
        throw responseError(503)
      }, policy)
      expect.fail('expected a rejection')
    } catch (error) {
      expect((error as Error).message).to.equal('status 503')
    }

    expect(calls).to.equal(4)
  })

  it('does not retry what cannot succeed', async () => {
    let calls = 0
    const policy = {...DEFAULT_RETRY_POLICY, baseMs: 1}
    await withRetry(async () => {
      calls++
      throw responseError(400)
    }, policy).catch(() => undefined)
    expect(calls).to.equal(1)
  })
})

describe('one retry policy per client', () => {
  it('the policy a client retries with is the one its per-item retries use: --max-retries, then test overrides', async () => {
    const {createClient} = await import('../../../src/lib/connection/client.js')
    const {resolveSettings} = await import('../../../src/lib/connection/settings.js')
    const {policyOf} = await import('../../../src/lib/connection/retry.js')
    const settings = resolveSettings({endpoint: 'http://127.0.0.1:9', auth: 'none', maxRetries: 2}, {env: {}, dotEnv: false})
    const plain = await createClient(settings)
    expect(policyOf(plain)).to.deep.equal({...DEFAULT_RETRY_POLICY, maxRetries: 2})
    const fast = await createClient(settings, {retry: {baseMs: 1, capMs: 5}})
    expect(policyOf(fast)).to.deep.equal({...DEFAULT_RETRY_POLICY, maxRetries: 2, baseMs: 1, capMs: 5})
    await Promise.all([plain.close(), fast.close()])
  })
})
