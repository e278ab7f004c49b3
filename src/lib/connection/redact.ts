/**
 * Secrets never reach a log line or a message. Header names are compared case-insensitively; URLs lose their
 * user info.
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

/**
 * A URL as messages show it: without user info (`http://admin:secret@host` → `http://host`). Every message that
 * names an endpoint (ours, S3's, a redirect's target) goes through here, parseable or not: a URL the parser
 * refuses still loses everything up to its last `@`, since a password may hold any character.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.username || parsed.password) {
      parsed.username = ''
      parsed.password = ''
      // toString() would add a trailing slash the user did not write.
      const shown = parsed.toString()
      return url.endsWith('/') || parsed.pathname !== '/' ? shown : shown.replace(/\/$/, '')
    }

    // Only http(s) is parsed the way an endpoint is: `admin:pw@host` reads as the scheme `admin:`.
    if (!url.includes('@') || parsed.protocol === 'http:' || parsed.protocol === 'https:') return url
  } catch {
    if (!url.includes('@')) return url
  }

  const scheme = /^[^:/@]*:\/\//.exec(url)?.[0] ?? ''
  const rest = url.slice(scheme.length)
  const authorityEnd = rest.search(/[/?#]/)
  const at = rest.lastIndexOf('@', authorityEnd === -1 ? undefined : authorityEnd)
  // An `@` only after the authority (a path like /a@b) is no user info; one that the authority cannot hold (a
  // password with a slash in it) still hides everything before it.
  const cut = at === -1 ? rest.lastIndexOf('@') : at
  return `${scheme}${rest.slice(cut + 1)}`
}

/** Removes known secret values wherever they appear in free text (error messages, bodies echoed back). */
export function redactText(text: string, secrets: Array<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED)
  }

  return out
}
