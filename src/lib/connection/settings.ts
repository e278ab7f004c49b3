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
  /** IAM role to assume over the base credentials (role chaining); env AOSS_ROLE_ARN. */
  roleArn?: string
  /** The external id the role's trust policy asks for; env AOSS_EXTERNAL_ID. */
  externalId?: string
  /** Name of the assumed session, seen in CloudTrail and in the session ARN; env AOSS_ROLE_SESSION_NAME. */
  roleSessionName?: string
}

/** The role a client assumes before signing: its requests are signed with that role's temporary keys. */
export interface AssumedRole {
  arn: string
  externalId?: string
  sessionName: string
  /** STS endpoint (AOSS_STS_ENDPOINT): a local stand-in in tests; the Region's STS otherwise. */
  stsEndpoint?: string
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
  /** Set when requests are signed as an assumed role (SigV4 only). */
  role?: AssumedRole
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
  // AWS_ROLE_ARN is not used: the SDK's web identity provider already reads it (with AWS_WEB_IDENTITY_TOKEN_FILE).
  roleArn: ['AOSS_ROLE_ARN'],
  externalId: ['AOSS_EXTERNAL_ID'],
  roleSessionName: ['AOSS_ROLE_SESSION_NAME'],
  stsEndpoint: ['AOSS_STS_ENDPOINT'],
} as const

/**
 * A second connection in the same run (the target of `aoss copy`) reads the same names with this prefix, e.g.
 * TARGET_OPENSEARCH_URL, TARGET_AWS_REGION, TARGET_AOSS_ROLE_ARN: never the source's, so a missing target
 * setting cannot silently point the copy back at the source.
 */
export const TARGET_ENV_PREFIX = 'TARGET_'

export const DEFAULT_ROLE_SESSION_NAME = 'aoss'

export interface ResolveNaming {
  /** Prefix for every environment and `.env` name (TARGET_ENV_PREFIX for a copy's target). */
  envPrefix?: string
  /** How the endpoint flag is called in messages (default --endpoint (-e)). */
  endpointFlag?: string
}

export const DEFAULT_TIMEOUT_SECONDS = 60
export const DEFAULT_MAX_RETRIES = 6

export function resolveSettings(input: ConnectionInput, context: ResolveContext = {}, naming: ResolveNaming = {}): ConnectionSettings {
  const sources = sourcesOf(context)
  const prefix = naming.envPrefix ?? ''
  const pick = (names: readonly string[]): string | undefined => pickSetting(sources, ...names.map((name) => prefix + name))

  const rawEndpoint = input.endpoint ?? pick(ENV.endpoint)
  if (!rawEndpoint) {
    throw new AossError('MISSING_ENDPOINT', `no endpoint: pass ${naming.endpointFlag ?? '--endpoint (-e)'} or set ${prefix}OPENSEARCH_URL`, {
      hints: [prefix ? `e.g. ${naming.endpointFlag ?? '--endpoint'} https://abc123.us-east-1.aoss.amazonaws.com, or put ${prefix}OPENSEARCH_URL=… in .env` : 'e.g. aoss health -e https://abc123.us-east-1.aoss.amazonaws.com, or put OPENSEARCH_URL=… in .env'],
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
  // auto: an AWS host name, or an explicit --service aoss|es (flag or AOSS_SERVICE) or --region flag, means SigV4 —
  // both only matter for signing, so naming one says "sign" (custom domains, proxies, VPC endpoint names). AWS_REGION
  // alone does not: it is set in many shells that also talk to a local cluster.
  if (authSetting && authSetting !== 'auto') auth = authSetting
  else if (facts.aws || serviceSource === 'setting' || input.region !== undefined) auth = 'sigv4'
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

  const roleArn = input.roleArn ?? pick(ENV.roleArn)
  // Where STS answers is a fact of the machine (a test's stand-in), not of one connection: never prefixed.
  const stsEndpoint = pickSetting(sources, ...ENV.stsEndpoint)
  const role = roleArn ? assumedRole(roleArn, input, pick, auth, stsEndpoint) : undefined

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
    ...(role ? {role} : {}),
  }
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

function assumedRole(arn: string, input: ConnectionInput, pick: (names: readonly string[]) => string | undefined, auth: AuthMode, stsEndpoint?: string): AssumedRole {
  if (!ROLE_ARN.test(arn)) throw usageError(`not an IAM role ARN: ${arn}`, 'e.g. arn:aws:iam::123456789012:role/aoss-restore')
  if (auth !== 'sigv4') throw usageError(`--role-arn needs SigV4 signing, but this connection uses --auth ${auth}`, 'Leave out --auth (AWS hosts sign by default) or pass --auth sigv4.')
  const sessionName = input.roleSessionName ?? pick(ENV.roleSessionName) ?? DEFAULT_ROLE_SESSION_NAME
  if (!SESSION_NAME.test(sessionName)) throw usageError(`the role session name must be 2 to 64 letters, digits or +=,.@_- (got "${sessionName}")`)
  const externalId = input.externalId ?? pick(ENV.externalId)
  return {arn, sessionName, ...(externalId ? {externalId} : {}), ...(stsEndpoint ? {stsEndpoint} : {})}
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
