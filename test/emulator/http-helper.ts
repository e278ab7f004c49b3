/** Small fetch wrapper for emulator tests: JSON in, status + headers + parsed body out. */

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
