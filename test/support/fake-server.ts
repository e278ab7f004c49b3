/**
 * Small HTTP servers on 127.0.0.1 that are not OpenSearch, or stop being it half-way: what a wrong URL, a login
 * page, a captive portal or a stalled proxy looks like from the tool's side.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface FakeServer {
  url: string
  /** "METHOD /path" of every request received, in order. */
  requests: string[]
  /** Resolves when a request matching `pattern` arrives (at once if one already did). */
  received(pattern: RegExp): Promise<void>
  stop(): Promise<void>
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void

export async function fakeServer(handler: Handler): Promise<FakeServer> {
  const requests: string[] = []
  const waiting: Array<{pattern: RegExp, resolve: () => void}> = []
  const open = new Set<ServerResponse>()
  const server: Server = createServer((request, response) => {
    const line = `${request.method} ${request.url}`
    requests.push(line)
    open.add(response)
    response.on('close', () => open.delete(response))
    request.resume()
    handler(request, response)
    for (const wait of waiting.filter((w) => w.pattern.test(line))) {
      waiting.splice(waiting.indexOf(wait), 1)
      wait.resolve()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    received: (pattern) =>
      requests.some((line) => pattern.test(line)) ? Promise.resolve() : new Promise((resolve) => waiting.push({pattern, resolve})),
    async stop() {
      for (const response of open) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A web page where OpenSearch should be: 200, text/html, for every request. */
export const htmlPage: Handler = (_request, response) => {
  response.writeHead(200, {'content-type': 'text/html; charset=utf-8'})
  response.end('<!doctype html><html><body><form action="/login">Sign in</form></body></html>')
}

/** A sign-in redirect to another host, for every request. */
export const redirectElsewhere: Handler = (_request, response) => {
  response.writeHead(302, {location: 'https://sso:hunter2@login.example.net/start?from=aoss'})
  response.end()
}

/** Answers `GET /` as a self-managed OpenSearch would; every other request gets its headers, then nothing. */
export const stallAfterHeaders: Handler = (request, response) => {
  response.writeHead(200, {'content-type': 'application/json'})
  if (request.method === 'GET' && request.url === '/') {
    response.end(JSON.stringify({cluster_name: 'fake', version: {number: '2.11.0', distribution: 'opensearch'}}))
    return
  }

  response.write('{"count":')
}
