/**
 * The one place requests are authenticated. Basic auth is checked fully; SigV4 here is a
 * placeholder that checks the header shapes only (a full verifier belongs in sigv4.ts).
 */
import {createHash, timingSafeEqual} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'
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
): Promise<AuthResult> {
  if (auth === undefined || auth.mode === 'none') return {ok: true}
  const header = req.headers.authorization ?? ''

  if (auth.mode === 'basic') {
    if (!header.startsWith('Basic ')) return {ok: false, status: 401, reason: 'missing authentication credentials'}
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
    const expected = `${auth.username}:${auth.password}`
    return safeEqual(decoded, expected) ? {ok: true} : {ok: false, status: 401, reason: 'invalid username or password'}
  }

  if (!header.startsWith('AWS4-HMAC-SHA256')) return {ok: false, status: 403, reason: 'missing SigV4 authorization header'}
  // AOSS needs x-amz-content-sha256 on every request, equal to the body's hash [S3 serverless-clients.md][S21].
  if ((auth.service ?? 'aoss') === 'aoss') {
    const sent = req.headers['x-amz-content-sha256']
    const actual = createHash('sha256').update(req.body).digest('hex')
    if (sent !== actual) return {ok: false, status: 403, reason: sent === undefined ? 'missing x-amz-content-sha256' : 'x-amz-content-sha256 does not match the body'}
  }
  return {ok: true}
}
