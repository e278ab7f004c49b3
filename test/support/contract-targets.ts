/**
 * Where the contract suite sends its requests: an in-process emulator, or a real endpoint
 * (AOSS_CONTRACT_URL) through SigV4-signed fetch. Signing sends x-amz-content-sha256 on every
 * request, which AOSS requires [S3 serverless-clients.md].
 */
import {createHash, createHmac} from 'node:crypto'
import {call, type CallResult} from './emulator-http.js'

export type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<CallResult>

export interface Target {
  name: string
  flavour: 'serverless' | 'managed'
  url: string
  send: Send
  /** Emulators show writes at once; real AOSS takes 10–60 s [S3 overview], so reads poll. */
  eventualMs: number
}

/** The hash interface @smithy/signature-v4 expects, over node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView
const bytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength)

class NodeSha256 {
  private readonly hash
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}

/** A signing sender for a real endpoint, or undefined when the signing packages can't be loaded. */
export async function signedSender(
  url: string,
  region: string,
  service: 'aoss' | 'es',
  credentials?: {accessKeyId: string; secretAccessKey: string; sessionToken?: string},
): Promise<Send | undefined> {
  let SignatureV4: typeof import('@smithy/signature-v4').SignatureV4
  let fromNodeProviderChain: typeof import('@aws-sdk/credential-providers').fromNodeProviderChain
  try {
    ;({SignatureV4} = await import('@smithy/signature-v4'))
    ;({fromNodeProviderChain} = await import('@aws-sdk/credential-providers'))
  } catch {
    return undefined
  }
  const signer = new SignatureV4({service, region, credentials: credentials ?? fromNodeProviderChain(), sha256: NodeSha256})
  return async (method, path, body, headers = {}) => {
    const u = new URL(path, url)
    const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
    const signed = await signer.sign({
      method,
      protocol: u.protocol,
      hostname: u.hostname,
      port: u.port === '' ? undefined : Number(u.port),
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: {
        // fetch sends Host with the port and will not let us change it, so the port is signed too
        // (for a real endpoint on 443 the two are the same).
        host: u.host,
        'x-amz-content-sha256': createHash('sha256').update(payload).digest('hex'),
        ...(payload === '' ? {} : {'content-type': 'application/json'}),
        ...headers,
      },
      body: payload === '' ? undefined : payload,
    })
    const {host: _host, ...sendHeaders} = signed.headers
    return call(url, method, u.pathname + u.search, body, sendHeaders)
  }
}

export const plainSender = (url: string): Send => (method, path, body, headers) => call(url, method, path, body, headers)
