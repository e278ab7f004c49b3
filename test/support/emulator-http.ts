/** Small fetch wrapper for emulator tests: JSON in, status + headers + parsed body out. */
import http from 'node:http'

export interface CallResult<T = any> {
  status: number
  headers: Headers
  text: string
  body: T
}

export async function call<T = any>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CallResult<T>> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const response = await fetch(base + path, {
    method,
    headers: payload === undefined ? headers : {'content-type': 'application/json', ...headers},
    body: payload,
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return {status: response.status, headers: response.headers, text, body: parsed as T}
}

/** NDJSON body for _bulk from action/source pairs. */
export const ndjson = (lines: unknown[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n'

/** node:http request, for what fetch refuses: a JSON body on a GET (elasticdump sends one). */
export function rawCall(base: string, method: string, path: string, body: unknown): Promise<{status: number; body: any}> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    const req = http.request(base + path, {method, headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(payload)}}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null')}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}
