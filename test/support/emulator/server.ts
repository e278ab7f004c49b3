/**
 * The HTTP layer: body limit, auth, routing, counters, latency, faults, and writing replies with
 * the flavour's headers (`server: aoss-amazon` on every serverless response [S14][S16]).
 */
import {randomUUID} from 'node:crypto'
import http from 'node:http'
import {gunzipSync} from 'node:zlib'
import {checkAuth} from './auth.js'
import type {EmulatorCore} from './core.js'
import {OpenSearchError, searchContextMissing} from './errors.js'
import {degradeSearch, faultBody, type FaultDecision, FaultTable} from './faults.js'
import {emptyReply, jsonReply, RequestContext, type Reply} from './http.js'
import {matchRoute, type RouteMatch} from './router.js'

/** One request on its way to a reply. */
interface Answering {
  method: string
  url: string
  rawPath: string
  query: URLSearchParams
  match: RouteMatch
  raw: Buffer
  baseLatency: number
  decision: FaultDecision
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class EmulatorServer {
  readonly counters: Record<string, number> = {total: 0}
  readonly faults = new FaultTable()
  readonly http: http.Server

  constructor(readonly core: EmulatorCore) {
    this.http = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, jsonReply(500, {error: {type: 'exception', reason: String(error)}, status: 500}), req.method ?? 'GET')
        else res.destroy()
      })
    })
    this.http.keepAliveTimeout = 30_000
  }

  resetCounters(): void {
    for (const key of Object.keys(this.counters)) delete this.counters[key]
    this.counters.total = 0
  }

  private count(route: string): void {
    this.counters.total = (this.counters.total ?? 0) + 1
    this.counters[route] = (this.counters[route] ?? 0) + 1
  }

  private latency(): number {
    const l = this.core.opts.latencyMs
    if (typeof l === 'number') return l
    return l.min + Math.random() * (l.max - l.min)
  }

  /** Reads the body; past maxRequestBytes the rest is drained and `undefined` returned. */
  private readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
    const limit = this.core.opts.maxRequestBytes
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? NaN)
      let tooLarge = declared > limit
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > limit) tooLarge = true
        if (!tooLarge) chunks.push(chunk)
      })
      req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)))
      req.on('error', reject)
    })
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const rawPath = q < 0 ? url : url.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1))
    const match = matchRoute(method, rawPath)
    const routeName = match.kind === 'route' ? match.name : 'unknown'
    this.count(routeName)

    const raw = await this.readBody(req)
    const baseLatency = this.latency()
    if (raw === undefined) {
      if (baseLatency > 0) await sleep(baseLatency)
      return this.send(res, this.tooLarge(), method)
    }

    // SigV4 signs the query string too, so the verifier gets the whole target as received.
    const auth = await checkAuth({method, rawPath: url, headers: req.headers, body: raw}, this.authOptions(), this.now())
    if (!auth.ok) {
      if (baseLatency > 0) await sleep(baseLatency)
      return this.send(res, this.denied(auth.status, auth.reason), method)
    }

    const decision = this.faults.decide(routeName, method, url)
    try {
      await this.answer(req, res, {method, url, rawPath, query, match, raw, baseLatency, decision})
    } finally {
      decision.done()
    }
  }

  /** The reply to an authenticated request, with the faults decided for it acted out. */
  private async answer(req: http.IncomingMessage, res: http.ServerResponse, r: Answering): Promise<void> {
    const {method, url, rawPath, query, match, raw, baseLatency, decision} = r
    const wait = baseLatency + decision.extraLatencyMs
    if (wait > 0) await sleep(wait)
    await Promise.allSettled(decision.holds)
    const fault = decision.fault

    if (fault?.type === 'status') {
      const reply = jsonReply(fault.status, fault.body ?? faultBody(fault.status))
      if (fault.retryAfter !== undefined) reply.headers = {'retry-after': String(fault.retryAfter)}
      return this.send(res, reply, method)
    }
    if (fault?.type === 'pit-expired') return this.send(res, errorReply(searchContextMissing('0')), method)

    let reply: Reply
    if (match.kind === 'route') {
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
      const ctx = new RequestContext(this.core, method, rawPath, match.params, query, body, fault)
      try {
        reply = await match.handler(ctx)
      } catch (error) {
        if (!(error instanceof OpenSearchError)) throw error
        reply = errorReply(error)
      }
    } else if (match.kind === 'method-not-allowed') {
      reply = jsonReply(405, {error: `Incorrect HTTP method for uri [${url}] and method [${method}], allowed: [${match.allowed.join(', ')}]`, status: 405})
    } else {
      // AOSS's gateway answers unknown APIs with a bare 404 (unconfirmed); OpenSearch 2.x with 400.
      reply = this.core.serverless ? emptyReply(404) : jsonReply(400, {error: `no handler found for uri [${url}] and method [${method}]`})
    }

    if ((fault?.type === 'shards-failed' || fault?.type === 'timed-out') && reply.status === 200 && reply.body !== undefined) {
      reply = {...reply, body: degradeSearch(reply.body, fault.type)}
    }
    if (fault?.type === 'reset-mid-body') return this.sendAndReset(res, reply)
    this.send(res, reply, method)
  }

  private authOptions() {
    const auth = this.core.opts.auth
    if (auth.mode !== 'sigv4') return auth
    return {...auth, service: auth.service ?? (this.core.serverless ? 'aoss' : 'es')}
  }

  /** The server's clock, which may be set off from the machine's to test clock skew. */
  private now(): Date {
    return new Date(Date.now() + this.core.opts.clockOffsetMs)
  }

  /**
   * Refusal shapes: AOSS gateway JSON + hint header [S14][S15], which says nothing of why; managed basic = 401
   * challenge, SigV4 = the API gateway's message, which names a wrong credential scope.
   */
  private denied(status: 401 | 403, reason = ''): Reply {
    if (this.core.serverless) {
      return {
        ...jsonReply(403, {status: 403, 'request-id': randomUUID(), error: {reason: '403 Forbidden', type: 'Forbidden'}}),
        headers: {'x-aoss-response-hint': 'X01:gw-helper-deny'},
      }
    }
    if (status === 401) {
      return {status: 401, body: 'Unauthorized', contentType: 'text/plain; charset=UTF-8', headers: {'www-authenticate': 'Basic realm="OpenSearch Security"'}}
    }
    const region = /^wrong region: signed for (\S+)/.exec(reason)
    if (region) return jsonReply(403, {message: `Credential should be scoped to a valid region, not '${region[1]}'. `})
    const service = /^wrong service: signed for \S+, expected (\S+)/.exec(reason)
    if (service) return jsonReply(403, {message: `Credential should be scoped to correct service: '${service[1]}'. `})
    if (/clock skew/.test(reason)) return jsonReply(403, {message: 'Signature expired: the request time is too far from the server time (5 min).'})
    return jsonReply(403, {
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    })
  }

  private tooLarge(): Reply {
    const custom = this.core.serverless ? this.core.opts.tooLargeResponse : undefined
    if (custom !== undefined) return jsonReply(custom.status, custom.body)
    return jsonReply(413, {Message: `Request size exceeded ${this.core.opts.maxRequestBytes} bytes`})
  }

  private headers(reply: Reply, length: number): Record<string, string | number> {
    const headers: Record<string, string | number> = {'content-length': length, ...reply.headers}
    if (reply.body !== undefined) headers['content-type'] = reply.contentType ?? 'application/json; charset=UTF-8'
    if (this.core.serverless) headers.server = 'aoss-amazon'
    if (this.core.opts.clockOffsetMs !== 0) headers.date = this.now().toUTCString()
    return headers
  }

  private send(res: http.ServerResponse, reply: Reply, method: string): void {
    const body = reply.body === undefined ? undefined : Buffer.from(reply.body)
    res.writeHead(reply.status, this.headers(reply, body?.length ?? 0))
    if (method === 'HEAD' || body === undefined) res.end()
    else res.end(body)
  }

  /** Headers and half the real body, then the connection drops: a proxy or node dying mid-response. */
  private sendAndReset(res: http.ServerResponse, reply: Reply): void {
    const body = Buffer.from(reply.body ?? '')
    res.writeHead(reply.status, this.headers(reply, body.length))
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy())
  }
}

function errorReply(error: OpenSearchError): Reply {
  return jsonReply(error.status, error.toBody())
}
