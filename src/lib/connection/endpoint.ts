/**
 * What an endpoint's host name tells us: which AWS service signs for it and which region it lives in.
 * Host shapes from aoss-facts §1:
 *   AOSS Classic   <collection-id>.<region>.aoss.amazonaws.com
 *   AOSS NextGen   <collection-or-account-id>.aoss.<region>.on.aws
 *   Managed domain search-<domain>-<hash>.<region>.es.amazonaws.com (or vpc-…)
 */

export type Service = 'aoss' | 'es'

const REGION = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d'
const aossClassic = new RegExp(`\\.(${REGION})\\.aoss\\.amazonaws\\.com$`)
const aossNextGen = new RegExp(`\\.aoss\\.(${REGION})\\.on\\.aws$`)
const managedDomain = new RegExp(`\\.(${REGION})\\.es\\.amazonaws\\.com$`)

export interface HostFacts {
  /** The SigV4 service the host belongs to, when the name says so. */
  service?: Service
  region?: string
  /** True for any AWS-owned OpenSearch host name. */
  aws: boolean
}

export function hostFacts(host: string): HostFacts {
  const name = host.toLowerCase()
  let match = aossClassic.exec(name) ?? aossNextGen.exec(name)
  if (match) return {aws: true, region: match[1], service: 'aoss'}
  match = managedDomain.exec(name)
  if (match) return {aws: true, region: match[1], service: 'es'}
  return {aws: false}
}

/**
 * Accepts what people paste: a bare host, a URL with a trailing slash, or an AOSS console URL with a path.
 * Returns the origin only (scheme://host[:port]); https is assumed when no scheme is given.
 */
const HOST_NAME = /^[a-z\d_](?:[a-z\d_-]*[a-z\d_])?(?:\.[a-z\d_](?:[a-z\d_-]*[a-z\d_])?)*\.?$/i

export function normalizeEndpoint(raw: string): URL {
  const trimmed = raw.trim()
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
  // "ht!tp://host" is a mistyped scheme, not a host name to prefix with https://.
  if (!hasScheme && trimmed.includes('://')) throw new TypeError('not a URL scheme')
  const url = new URL(hasScheme ? trimmed : `https://${trimmed}`)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`unsupported scheme ${url.protocol.replace(':', '')}`)
  }

  // The URL parser lets through host names no DNS server holds ("ht!tp", "a b"); refuse them here, as a typo.
  if (!HOST_NAME.test(url.hostname) && !/^\[[\da-f:.]+\]$/i.test(url.hostname)) throw new TypeError(`not a host name: ${url.hostname}`)
  return url
}
