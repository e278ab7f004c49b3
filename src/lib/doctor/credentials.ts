/**
 * Who is asking: which provider of the AWS chain found credentials, when temporary ones expire, the identity STS
 * sees (GetCallerIdentity), and whether an assumed role (--role-arn) works. Secrets never leave this file: only
 * the provider's name, the access key's last four characters, the ARN and times are reported.
 */
import type {AwsCredentials, CredentialProvider} from '../connection/client.js'
import {type AssumedRole, DEFAULT_ROLE_SESSION_NAME} from '../connection/settings.js'
import {type Check, check} from './types.js'

export interface CredentialsInput {
  region: string
  profile?: string
  /** Replaces the default chain (tests, or a front end with its own). */
  credentials?: CredentialProvider
  /** The role every command would assume (--role-arn, AOSS_ROLE_ARN), from the shared connection settings. */
  role?: AssumedRole
  /** STS endpoint override when no role is set; AOSS_STS_ENDPOINT (for tests against a local stand-in). */
  stsEndpoint?: string
}

export interface CredentialsOutcome {
  checks: Check[]
  /** The credentials every later check signs with: the assumed role's when --role-arn worked. */
  provider?: CredentialProvider
  /** The ARN STS reported for those credentials. */
  caller?: string
}

/** Names for the credential sources the SDK records on what it returns (`$source`, AWS SDK feature ids). */
const PROVIDERS: Record<string, string> = {
  CREDENTIALS_ENV_VARS: 'environment (AWS_ACCESS_KEY_ID)',
  CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)',
  CREDENTIALS_PROFILE: 'shared config profile',
  CREDENTIALS_PROFILE_SOURCE_PROFILE: 'profile with source_profile (role)',
  CREDENTIALS_PROFILE_SSO: 'profile with IAM Identity Center (SSO)',
  CREDENTIALS_SSO: 'IAM Identity Center (SSO)',
  CREDENTIALS_PROFILE_PROCESS: 'profile credential_process',
  CREDENTIALS_PROCESS: 'credential_process',
  CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: 'profile web identity token',
  CREDENTIALS_HTTP: 'container credentials (ECS/EKS)',
  CREDENTIALS_IMDS: 'instance metadata (EC2 role)',
  CREDENTIALS_LOGIN: 'aws login',
  CREDENTIALS_PROFILE_LOGIN: 'profile aws login',
}

export function providerName(credentials: object, supplied: boolean): string {
  const source = (credentials as {$source?: Record<string, string>}).$source
  const names = Object.keys(source ?? {}).map((key) => PROVIDERS[key]).filter(Boolean)
  if (names.length > 0) return names.join(' → ')
  return supplied ? 'supplied by the caller' : 'default chain'
}

const EXPIRY_WARNING_MS = 10 * 60_000

export async function credentialChecks(input: CredentialsInput): Promise<CredentialsOutcome> {
  const checks: Check[] = []
  let provider = input.credentials
  if (!provider) {
    const {fromNodeProviderChain} = await import('@aws-sdk/credential-providers')
    provider = fromNodeProviderChain(input.profile ? {profile: input.profile} : {}) as CredentialProvider
  }

  let credentials: AwsCredentials
  try {
    credentials = await provider()
  } catch (error) {
    checks.push(check('credentials', 'provider', 'fail', `no AWS credentials found${input.profile ? ` for profile ${input.profile}` : ''}: ${(error as Error).message}`, 'Run `aws configure` or `aws sso login`, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.'))
    return {checks}
  }

  const name = providerName(credentials, input.credentials !== undefined)
  const kind = credentials.sessionToken ? 'temporary' : 'long-term'
  checks.push(check('credentials', 'provider', 'ok', `${kind} credentials …${credentials.accessKeyId.slice(-4)} from ${name}`, undefined, {provider: name, temporary: Boolean(credentials.sessionToken)}))
  const expiry = expiryCheck(credentials)
  if (expiry) checks.push(expiry)

  const sts = await stsClient(input)
  const identity = await callerIdentity(sts, credentials)
  checks.push(identity.check)
  const role = input.role
  if (!role) return {checks, provider, caller: identity.arn}
  if (identity.check.status === 'fail') {
    checks.push(check('credentials', 'assume-role', 'skip', `${role.arn} not tried: the base credentials do not work`))
    return {checks}
  }

  try {
    const {AssumeRoleCommand, STSClient} = await import('@aws-sdk/client-sts')
    const client = new STSClient({...sts, credentials})
    // The trial session is named apart in CloudTrail unless a name was chosen; the external id is the job's.
    const sessionName = role.sessionName === DEFAULT_ROLE_SESSION_NAME ? 'aoss-doctor' : role.sessionName
    const answer = await client.send(new AssumeRoleCommand({RoleArn: role.arn, RoleSessionName: sessionName, DurationSeconds: 900, ...(role.externalId ? {ExternalId: role.externalId} : {})}))
    client.destroy()
    const c = answer.Credentials!
    const assumed: AwsCredentials = {accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration}
    const arn = answer.AssumedRoleUser?.Arn
    checks.push(check('credentials', 'assume-role', 'ok', `assumed ${role.arn} as ${arn ?? 'a session'}, expires ${c.Expiration?.toISOString() ?? 'unknown'}`, undefined, {arn}))
    return {checks, provider: async () => assumed, caller: arn}
  } catch (error) {
    checks.push(check('credentials', 'assume-role', 'fail', `cannot assume ${role.arn}: ${awsMessage(error)}`, "The role's trust policy must name this principal, and IAM must allow it sts:AssumeRole on the role."))
    return {checks}
  }
}

function expiryCheck(credentials: AwsCredentials): Check | undefined {
  if (!credentials.expiration) return undefined
  const left = credentials.expiration.getTime() - Date.now()
  const when = credentials.expiration.toISOString()
  if (left <= 0) return check('credentials', 'expiry', 'fail', `the session token expired at ${when}`, 'Refresh the credentials: aws sso login, re-run the command that assumed the role, or renew the session.', {expiration: when})
  const minutes = Math.floor(left / 60_000)
  if (left < EXPIRY_WARNING_MS) return check('credentials', 'expiry', 'warn', `the session token expires in ${minutes} min (${when})`, 'Refresh the credentials before a long job: it would fail mid-run.', {expiration: when})
  return check('credentials', 'expiry', 'ok', `the session token expires in ${minutes} min (${when})`, undefined, {expiration: when})
}

async function stsClient(input: CredentialsInput) {
  const endpoint = input.role?.stsEndpoint ?? input.stsEndpoint
  return {region: input.region, maxAttempts: 1, ...(endpoint ? {endpoint} : {})}
}

async function callerIdentity(config: Awaited<ReturnType<typeof stsClient>>, credentials: AwsCredentials): Promise<{check: Check, arn?: string}> {
  const {GetCallerIdentityCommand, STSClient} = await import('@aws-sdk/client-sts')
  const client = new STSClient({...config, credentials})
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}))
    return {check: check('credentials', 'identity', 'ok', `STS says the caller is ${identity.Arn} (account ${identity.Account})`, undefined, {arn: identity.Arn, account: identity.Account}), arn: identity.Arn}
  } catch (error) {
    const code = (error as {name?: string}).name ?? ''
    if (code === 'ExpiredToken' || code === 'ExpiredTokenException') {
      return {check: check('credentials', 'identity', 'fail', `STS: the session token has expired (${awsMessage(error)})`, 'Refresh the credentials: aws sso login, or assume the role again.')}
    }

    if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch' || code === 'AccessDenied') {
      return {check: check('credentials', 'identity', 'fail', `STS refuses these credentials: ${code}: ${awsMessage(error)}`, 'The access key is unknown, deactivated or its secret is wrong; create or configure a working one.')}
    }

    return {check: check('credentials', 'identity', 'warn', `STS GetCallerIdentity could not be asked: ${awsMessage(error)}`, 'Without the caller identity, data access policies cannot be matched against the principal.')}
  } finally {
    client.destroy()
  }
}

function awsMessage(error: unknown): string {
  const e = error as {name?: string, message?: string}
  return e.message && e.message !== 'UnknownError' ? e.message : e.name ?? String(error)
}
