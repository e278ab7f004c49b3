/**
 * The path to the server, one layer at a time, without the OpenSearch client in between: name lookup, TCP,
 * TLS (certificate subject and expiry) and one unsigned `GET /` whose status, headers and first bytes say whether
 * something other than OpenSearch (a login page, a redirect) is answering, and what time the server thinks it is.
 */
import {lookup} from 'node:dns/promises'
import http from 'node:http'
import https from 'node:https'
import {isIP, connect as tcpConnect} from 'node:net'
import {connect as tlsConnect, type PeerCertificate} from 'node:tls'

import {type Check, check} from './types.js'

export interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  latencyMs: number
  /** Local time halfway through the round trip, to compare with the server's `Date`. */
  localMidpoint: number
  bodyStart: string
}

export interface NetworkOptions {
  insecure: boolean
  timeoutMs: number
}

const DAY = 86_400_000

export async function networkChecks(endpoint: string, options: NetworkOptions): Promise<{checks: Check[], answer?: RawAnswer}> {
  const url = new URL(endpoint)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const checks: Check[] = []

  let address = host
  if (isIP(host)) {
    checks.push(check('network', 'dns', 'ok', `${host} is an address: no lookup needed`))
  } else {
    try {
      const found = await lookup(host, {all: true})
      address = found[0]!.address
      checks.push(check('network', 'dns', 'ok', `${host} → ${found.map((a) => a.address).join(', ')}`))
    } catch (error) {
      checks.push(check('network', 'dns', 'fail', `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'Check the endpoint for typos; a VPC-only collection resolves only inside the VPC or over its VPN.'))
      return {checks}
    }
  }

  try {
    const ms = await timeTcp(address, port, options.timeoutMs)
    checks.push(check('network', 'tcp', 'ok', `TCP ${address}:${port} connected in ${ms} ms`))
  } catch (error) {
    checks.push(check('network', 'tcp', 'fail', `TCP ${address}:${port}: ${(error as Error).message}`, 'A firewall, security group, proxy or VPN is in the way, or nothing listens on that port.'))
    return {checks}
  }

  if (url.protocol === 'https:') {
    const tls = await tlsCheck(host, port, options)
    checks.push(tls)
    if (tls.status === 'fail') return {checks}
  } else {
    checks.push(check('network', 'tls', 'warn', 'plain http: no TLS', 'Use https:// for anything but a local test server.'))
  }

  try {
    const answer = await rawGet(url, options)
    checks.push(check('network', 'latency', 'ok', `GET / answered ${answer.status} in ${answer.latencyMs} ms`, undefined, {latencyMs: answer.latencyMs}))
    return {checks, answer}
  } catch (error) {
    checks.push(check('network', 'latency', 'fail', `GET / failed: ${(error as Error).message}`, 'The server accepts connections but does not answer HTTP; check the scheme (http/https) and port.'))
    return {checks}
  }
}

function timeTcp(host: string, port: number, timeoutMs: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({host, port, timeout: timeoutMs})
    socket.once('connect', () => {
      socket.destroy()
      resolve(Math.round(performance.now() - started))
    })
    socket.once('timeout', () => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms`))
    })
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)))
  })
}

function tlsCheck(host: string, port: number, options: NetworkOptions): Promise<Check> {
  return new Promise((resolve) => {
    const socket = tlsConnect({host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false, timeout: options.timeoutMs})
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate()
      const problem = socket.authorizationError
      socket.destroy()
      const subject = cert.subject?.CN ?? JSON.stringify(cert.subject ?? {})
      const expires = new Date(cert.valid_to)
      const days = Math.floor((expires.getTime() - Date.now()) / DAY)
      const evidence = `certificate ${subject}, issued by ${cert.issuer?.O ?? cert.issuer?.CN ?? 'unknown'}, expires ${expires.toISOString().slice(0, 10)} (${days} days)`
      const details = {subject, expires: expires.toISOString(), ...(problem ? {error: String(problem)} : {})}
      if (problem && !options.insecure) resolve(check('network', 'tls', 'fail', `${evidence}: not trusted (${problem})`, 'Use the endpoint AWS gives (its certificate matches); --insecure only for a test cluster.', details))
      else if (days < 0) resolve(check('network', 'tls', 'fail', `${evidence}: expired`, 'The server must renew its certificate.', details))
      else if (problem) resolve(check('network', 'tls', 'warn', `${evidence}: not trusted (${problem}), accepted because of --insecure`, undefined, details))
      else resolve(check('network', 'tls', days < 14 ? 'warn' : 'ok', evidence, days < 14 ? 'The certificate expires soon.' : undefined, details))
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(check('network', 'tls', 'fail', `TLS handshake with ${host}:${port} timed out`, 'Is the port serving TLS? Try http:// for a local server.'))
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(check('network', 'tls', 'fail', `TLS handshake with ${host}:${port} failed: ${error.code ?? error.message}`, 'Is the port serving TLS? Try http:// for a local server.')))
  })
}

function rawGet(url: URL, options: NetworkOptions): Promise<RawAnswer> {
  const get = url.protocol === 'https:' ? https.request : http.request
  const started = performance.now()
  const startedAt = Date.now()
  return new Promise((resolve, reject) => {
    const request = get(new URL('/', url), {method: 'GET', timeout: options.timeoutMs, rejectUnauthorized: !options.insecure, agent: false}, (response) => {
      const latencyMs = Math.round(performance.now() - started)
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if (size < 2048) chunks.push(chunk)
        size += chunk.length
      })
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        latencyMs,
        localMidpoint: startedAt + latencyMs / 2,
        bodyStart: Buffer.concat(chunks).toString('utf8').slice(0, 2048),
      }))
      response.on('error', reject)
    })
    request.once('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)))
    request.once('error', reject)
    request.end()
  })
}

/** An HTML page or a redirect where OpenSearch should answer JSON (or nothing, on AOSS). */
export function answerShapeCheck(answer: RawAnswer): Check {
  const type = String(answer.headers['content-type'] ?? '')
  const server = String(answer.headers.server ?? '')
  if (answer.status >= 300 && answer.status < 400) {
    return check('endpoint', 'answer', 'fail', `GET / redirects (${answer.status}) to ${answer.headers.location ?? '(no Location)'}: a login page, proxy or console URL, not OpenSearch`, 'Use the collection or domain endpoint itself, e.g. https://<id>.<region>.aoss.amazonaws.com.', {status: answer.status, location: answer.headers.location})
  }

  if (/html/i.test(type) || /^\s*<(!doctype|html)/i.test(answer.bodyStart)) {
    const title = /<title>([^<]*)<\/title>/i.exec(answer.bodyStart)?.[1]?.trim()
    return check('endpoint', 'answer', 'fail', `GET / answers an HTML page (${answer.status}${title ? `, "${title}"` : ''}): a login page, proxy or dashboard, not OpenSearch`, 'Use the collection or domain endpoint itself, not a Dashboards or console URL.', {status: answer.status, contentType: type})
  }

  return check('endpoint', 'answer', 'ok', `GET / answers ${answer.status}${type ? ` ${type.split(';')[0]}` : ''}${server ? `, server ${server}` : ''}`)
}

const MAX_SKEW_MS = 5 * 60_000

/** SigV4 refuses a request whose time is more than five minutes from the server's. */
export function clockCheck(answer: RawAnswer): Check {
  const header = answer.headers.date
  const server = header ? Date.parse(header) : Number.NaN
  if (Number.isNaN(server)) return check('clock', 'skew', 'skip', 'the server sent no Date header to compare with')
  // The Date header has one-second resolution; half a second of that is noise.
  const skewMs = answer.localMidpoint - server
  const seconds = Math.round(skewMs / 1000)
  const evidence = `local clock is ${Math.abs(seconds)} s ${seconds >= 0 ? 'ahead of' : 'behind'} the server's Date`
  if (Math.abs(skewMs) > MAX_SKEW_MS) return check('clock', 'skew', 'fail', `${evidence}: SigV4 refuses requests past 5 minutes`, 'Synchronise the clock (timedatectl set-ntp true, or w32tm /resync).', {skewSeconds: seconds})
  if (Math.abs(skewMs) > 60_000) return check('clock', 'skew', 'warn', evidence, 'Synchronise the clock before it drifts past 5 minutes.', {skewSeconds: seconds})
  return check('clock', 'skew', 'ok', evidence, undefined, {skewSeconds: seconds})
}
