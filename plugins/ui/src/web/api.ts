/** Calls to the page's own server. The token travels in an HttpOnly cookie; writes add the CSRF header. */
const csrf = document.querySelector<HTMLMetaElement>('meta[name="aoss-csrf"]')?.content ?? ''

export interface ApiErrorBody {
  code: string
  message: string
  hints?: string[]
  details?: Record<string, unknown>
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody, readonly extra: Record<string, unknown> = {}) {
    super(body.message)
  }
}

export async function api<T>(path: string, init: {method?: string, body?: unknown} = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST')
  const response = await fetch(`/api${path}`, {
    method,
    headers: method === 'GET' ? {} : {'content-type': 'application/json', 'x-aoss-csrf': csrf},
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok) throw new ApiError(response.status, answer.error ?? {code: 'HTTP', message: `HTTP ${response.status}`}, answer)
  return answer as T
}

export const enc = encodeURIComponent
