/**
 * Secrets never reach a log line. Header names are compared case-insensitively; URLs lose their user info.
 */
const SECRET_HEADERS = new Set(['authorization', 'x-amz-security-token', 'cookie', 'set-cookie', 'proxy-authorization'])
export const REDACTED = '[redacted]'

export function redactHeaders(headers: Record<string, unknown> | undefined | null): Record<string, unknown> {
  const safe: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    safe[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value
  }

  return safe
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/, `//${REDACTED}@`)
}

/** Removes known secret values wherever they appear in free text (error messages, bodies echoed back). */
export function redactText(text: string, secrets: Array<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED)
  }

  return out
}
