/**
 * Connection settings, resolved in one place with one precedence: flags > environment > `.env` in the working
 * directory > defaults. Nothing else in the tool reads these variables.
 */
import {AossError, usageError} from '../errors.js'
import {pickSetting, type SettingSources, settingSources, type SourceOptions} from '../io/setting-sources.js'
import {hostFacts, normalizeEndpoint, type Service} from './endpoint.js'
import {redactUrl} from './redact.js'

export type AuthMode = 'sigv4' | 'basic' | 'none'

/** What a command's flags may say; every field is optional because any of them may come from elsewhere. */
export interface ConnectionInput {
  endpoint?: string
  region?: string
  profile?: string
  service?: 'auto' | Service
  auth?: 'auto' | AuthMode
  insecure?: boolean
  debug?: boolean
  /** Request timeout in seconds. */
  timeout?: number
  maxRetries?: number
}

export interface ConnectionSettings {
  /** Origin (and optional path prefix) of the cluster or collection, without credentials. */
  endpoint: string
  service: Service
  /** Where the service came from: the flag/variable, the host name, or the fallback. */
  serviceSource: 'setting' | 'host' | 'default'
  auth: AuthMode
  region?: string
  profile?: string
  username?: string
  password?: string
  /** TLS verification is on unless the user opted out. */
  insecure: boolean
  debug: boolean
  requestTimeoutMs: number
  maxRetries: number
}

/** Where to look besides the flags: given sources, or the environment and `.env` of `cwd` (see SourceOptions). */
export type ResolveContext = SourceOptions | {sources: SettingSources}

export function sourcesOf(context: ResolveContext = {}): SettingSources {
  return 'sources' in context ? context.sources : settingSources(context)
}

/** Names users already keep in their `.env` files; the first one set wins. */
export const ENV = {
  endpoint: ['OPENSEARCH_URL', 'OPENSEARCH_ENDPOINT', 'AOSS_ENDPOINT'],
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  profile: ['AWS_PROFILE'],
  service: ['AOSS_SERVICE'],
  auth: ['AOSS_AUTH'],
  username: ['OPENSEARCH_USERNAME'],
  password: ['OPENSEARCH_PASSWORD'],
  insecure: ['AOSS_INSECURE'],
  debug: ['AOSS_DEBUG'],
  timeout: ['AOSS_TIMEOUT'],
  maxRetries: ['AOSS_MAX_RETRIES'],
} as const

export const DEFAULT_TIMEOUT_SECONDS = 60
export const DEFAULT_MAX_RETRIES = 6

export function resolveSettings(input: ConnectionInput, context: ResolveContext = {}): ConnectionSettings {
  const sources = sourcesOf(context)
  const pick = (names: readonly string[]): string | undefined => pickSetting(sources, ...names)

  const rawEndpoint = input.endpoint ?? pick(ENV.endpoint)
  if (!rawEndpoint) {
    throw new AossError('MISSING_ENDPOINT', 'no endpoint: pass --endpoint (-e) or set OPENSEARCH_URL', {
      hints: ['e.g. aoss health -e https://abc123.us-east-1.aoss.amazonaws.com, or put OPENSEARCH_URL=… in .env'],
    })
  }

  let url: URL
  try {
    url = normalizeEndpoint(rawEndpoint)
  } catch {
    throw usageError(`not a valid endpoint: ${redactUrl(rawEndpoint)}`, 'Use a URL such as https://search-x.us-east-1.es.amazonaws.com')
  }

  // Credentials pasted into the URL become basic auth and never travel further inside the endpoint string.
  let username = url.username ? decodeURIComponent(url.username) : pick(ENV.username)
  let password = url.password ? decodeURIComponent(url.password) : pick(ENV.password)
  url.username = ''
  url.password = ''
  const endpoint = url.toString().replace(/\/$/, '')

  const facts = hostFacts(url.hostname)
  const serviceSetting = oneOf(input.service ?? pick(ENV.service), ['auto', 'aoss', 'es'], '--service / AOSS_SERVICE')
  let service: Service
  let serviceSource: ConnectionSettings['serviceSource']
  if (serviceSetting && serviceSetting !== 'auto') {
    service = serviceSetting
    serviceSource = 'setting'
  } else if (facts.service) {
    service = facts.service
    serviceSource = 'host'
  } else {
    service = 'es'
    serviceSource = 'default'
  }

  const authSetting = oneOf(input.auth ?? pick(ENV.auth), ['auto', 'sigv4', 'basic', 'none'], '--auth / AOSS_AUTH')
  let auth: AuthMode
  if (authSetting && authSetting !== 'auto') auth = authSetting
  else if (facts.aws) auth = 'sigv4'
  else if (username) auth = 'basic'
  else auth = 'none'

  if (auth === 'basic' && (!username || password === undefined)) {
    throw usageError(
      '--auth basic needs a user name and password',
      'Set OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD (environment or .env).',
    )
  }

  if (auth !== 'basic') {
    username = undefined
    password = undefined
  }

  const region = input.region ?? pick(ENV.region) ?? facts.region
  if (auth === 'sigv4' && !region) {
    throw usageError(
      'SigV4 signing needs a region: pass --region or set AWS_REGION',
      'The region is inferred only from *.amazonaws.com and *.on.aws host names.',
    )
  }

  const timeout = input.timeout ?? numberFrom(pick(ENV.timeout), 'AOSS_TIMEOUT') ?? DEFAULT_TIMEOUT_SECONDS
  const maxRetries = input.maxRetries ?? numberFrom(pick(ENV.maxRetries), 'AOSS_MAX_RETRIES') ?? DEFAULT_MAX_RETRIES
  if (!(timeout > 0)) throw usageError('--timeout must be a positive number of seconds')
  if (!(maxRetries >= 0)) throw usageError('the retry count must be zero or more')

  return {
    endpoint,
    service,
    serviceSource,
    auth,
    region,
    profile: input.profile ?? pick(ENV.profile),
    username,
    password,
    insecure: input.insecure ?? truthy(pick(ENV.insecure)),
    debug: input.debug ?? truthy(pick(ENV.debug)),
    requestTimeoutMs: Math.round(timeout * 1000),
    maxRetries: Math.floor(maxRetries),
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined
  const lower = value.toLowerCase()
  if ((allowed as readonly string[]).includes(lower)) return lower as T
  throw usageError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`)
}

function numberFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (Number.isNaN(parsed)) throw usageError(`${name} must be a number (got "${value}")`)
  return parsed
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value)
}
