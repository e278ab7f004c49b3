/**
 * The gate in front of every route. The server holds the cluster's credentials, so anything that can reach it can
 * use them: the gate admits only the person who started it (a random token, as Jupyter does), only under the host
 * name it listens on (a DNS-rebinding page has a foreign Host), and writes only from its own pages (same Origin
 * plus a header a cross-site form cannot send).
 */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto'

import type {MiddlewareHandler} from 'hono'
import {getCookie, setCookie} from 'hono/cookie'

export const COOKIE = 'aoss_ui_token'
export const CSRF_HEADER = 'x-aoss-csrf'

export interface Gate {
  token: string
  /** What the page sends back in CSRF_HEADER: derived from the token, so it is never the token itself. */
  csrf: string
  /** `host:port` values accepted in the Host header. */
  hosts: Set<string>
  /** Origins accepted on writes (`http://host:port`). */
  origins: Set<string>
}

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Host names that reach the server: the one it listens on, plus `localhost` when that is loopback. */
export function makeGate(token: string, listenHost: string, port: number): Gate {
  const names = new Set([listenHost.includes(':') ? `[${listenHost}]` : listenHost])
  if (listenHost === '127.0.0.1' || listenHost === '::1') names.add('localhost')
  const hosts = new Set([...names].map((name) => `${name}:${port}`))
  return {
    token,
    csrf: createHmac('sha256', token).update('csrf').digest('base64url'),
    hosts,
    origins: new Set([...hosts].map((host) => `http://${host}`)),
  }
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function guard(gate: Gate): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host')
    if (!host || !gate.hosts.has(host.toLowerCase())) return c.json({error: {code: 'FORBIDDEN', message: 'unknown Host: open the URL aoss ui printed'}}, 403)

    const fromQuery = c.req.query('token')
    const bearer = c.req.header('authorization')?.replace(/^Bearer\s+/i, '')
    const presented = fromQuery ?? bearer ?? getCookie(c, COOKIE)
    if (!same(presented, gate.token)) return c.json({error: {code: 'UNAUTHORIZED', message: 'missing or wrong token: open the URL aoss ui printed'}}, 401)

    if (WRITES.has(c.req.method)) {
      const origin = c.req.header('origin')
      if (!origin || !gate.origins.has(origin)) return c.json({error: {code: 'FORBIDDEN', message: 'cross-origin write refused'}}, 403)
      if (!same(c.req.header(CSRF_HEADER), gate.csrf)) return c.json({error: {code: 'FORBIDDEN', message: `missing ${CSRF_HEADER} header`}}, 403)
    }

    if (fromQuery !== undefined && c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      // First load from the printed URL: keep the token in a cookie the page's scripts cannot read, and drop it
      // from the address bar (and so from history and screenshots).
      setCookie(c, COOKIE, gate.token, {httpOnly: true, sameSite: 'Strict', path: '/'})
      return c.redirect(c.req.path, 303)
    }

    await next()
  }
}
