/** What the AWS control-plane stand-ins share: a loopback server, the body, and the caller's access key. */
import http from 'node:http'
import type {AddressInfo} from 'node:net'

export interface StandInRequest {
  method: string
  headers: http.IncomingHttpHeaders
  body: string
  /** From the SigV4 Authorization header's credential scope; undefined when the request is unsigned. */
  accessKeyId?: string
}

export interface StandInReply {
  status: number
  contentType: string
  body: string
}

export interface StandInServer {
  /** http://127.0.0.1:PORT, for the SDK client's `endpoint` setting. */
  url: string
  /** Calls per operation name. */
  calls: Record<string, number>
  stop(): Promise<void>
}

export async function serve(handle: (request: StandInRequest) => StandInReply): Promise<{url: string, stop: () => Promise<void>}> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const credential = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))
      const reply = handle({method: req.method ?? 'GET', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), accessKeyId: credential?.[1]})
      res.writeHead(reply.status, {'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body), 'x-amzn-requestid': 'stand-in'})
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}
