/**
 * The one place requests are authenticated: basic auth, or SigV4 through the independent verifier in sigv4.ts.
 */
import {timingSafeEqual} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'
import {verifySigV4} from './sigv4.js'
import type {EmulatorOptions} from './types.js'

export type AuthResult = {ok: true} | {ok: false; status: 401 | 403; reason: string}

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export async function checkAuth(
  req: {method: string; rawPath: string; headers: IncomingHttpHeaders; body: Buffer},
  auth: EmulatorOptions['auth'],
  now?: Date,
): Promise<AuthResult> {
  if (auth === undefined || auth.mode === 'none') return {ok: true}
  const header = req.headers.authorization ?? ''

  if (auth.mode === 'basic') {
    if (!header.startsWith('Basic ')) return {ok: false, status: 401, reason: 'missing authentication credentials'}
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
    const expected = `${auth.username}:${auth.password}`
    return safeEqual(decoded, expected) ? {ok: true} : {ok: false, status: 401, reason: 'invalid username or password'}
  }

  // SigV4 is verified in full by an independent implementation (sigv4.ts), as AWS checks it: AOSS also
  // needs x-amz-content-sha256 on every request, equal to the body's hash [S3 serverless-clients.md][S21].
  const service = auth.service ?? 'aoss'
  const verdict = await verifySigV4(req, {
    region: auth.region,
    service,
    credentials: auth.credentials,
    requireContentSha256: service === 'aoss',
    now,
  })
  return verdict.ok ? {ok: true} : {ok: false, status: 403, reason: verdict.reason}
}
