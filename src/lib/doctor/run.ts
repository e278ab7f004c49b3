/**
 * `aoss doctor`: every check in the order a request meets its obstacles — settings, network, the answer's shape,
 * clock, credentials, signature, policies, S3 — stopping where a failure makes the rest meaningless.
 */
import type {CredentialProvider} from '../connection/client.js'
import {hostFacts} from '../connection/endpoint.js'
import {type ConnectionInput, ENV, resolveSettings} from '../connection/settings.js'
import {createS3Client, type S3Settings} from '../s3/client.js'
import {credentialChecks} from './credentials.js'
import {usesS3} from './jobs.js'
import {answerShapeCheck, clockCheck, networkChecks} from './network.js'
import {permissionChecks} from './permissions.js'
import {s3Checks} from './s3.js'
import {settingChecks} from './settings.js'
import {signingChecks} from './signing.js'
import {type Check, check, type DoctorJob, type DoctorReport, exitCodeFor} from './types.js'

export interface DoctorOptions {
  connection: ConnectionInput
  job?: DoctorJob
  index?: string
  collection?: string
  s3?: {bucket?: string, prefix: string, settings: S3Settings, writeCheck: boolean, sse?: 'AES256' | 'aws:kms', kmsKeyId?: string}
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Replaces the AWS credential chain (tests). */
  credentials?: CredentialProvider
}

/** Test-only endpoints for the AWS APIs doctor calls, so a local stand-in can answer them. */
export const TEST_ENDPOINT_ENV = {control: 'AOSS_CONTROL_ENDPOINT', sts: ENV.stsEndpoint[0]} as const

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const env = options.env ?? process.env
  // The SDK's notice that future releases need Node 22 is noise here: the tool pins its SDK versions.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const cwd = options.cwd ?? process.cwd()
  const settings = resolveSettings(options.connection, {env, cwd})
  const checks: Check[] = [...settingChecks(options.connection, settings, {env, cwd})]
  const report = (): DoctorReport => ({...(options.job ? {job: options.job} : {}), endpoint: settings.endpoint, checks, exitCode: exitCodeFor(checks)})

  const network = await networkChecks(settings.endpoint, {insecure: settings.insecure, timeoutMs: Math.min(settings.requestTimeoutMs, 10_000)})
  checks.push(...network.checks)
  if (!network.answer) return report()
  const shape = answerShapeCheck(network.answer)
  const clock = clockCheck(network.answer)
  checks.push(shape, clock)
  if (shape.status === 'fail') return report()

  let provider = options.credentials
  let caller: string | undefined
  if (settings.auth === 'sigv4') {
    const outcome = await credentialChecks({
      region: settings.region as string,
      profile: settings.profile,
      credentials: options.credentials,
      role: settings.role,
      stsEndpoint: env[TEST_ENDPOINT_ENV.sts],
    })
    checks.push(...outcome.checks)
    if (!outcome.provider) return report()
    provider = outcome.provider
    caller = outcome.caller
  } else {
    checks.push(check('credentials', 'provider', 'skip', `--auth ${settings.auth}: no AWS credentials needed`))
  }

  const candidateRegions = [hostFacts(new URL(settings.endpoint).hostname).region, ...ENV.region.map((name) => env[name])].filter((r): r is string => Boolean(r))
  const signing = await signingChecks({settings, credentials: provider, job: options.job, index: options.index, clockSkewed: clock.status === 'fail', candidateRegions})
  checks.push(...signing.checks)

  if (settings.auth === 'sigv4') {
    checks.push(...await permissionChecks({
      endpoint: settings.endpoint,
      region: settings.region as string,
      credentials: provider,
      caller,
      job: options.job,
      index: options.index,
      collection: options.collection,
      flavour: signing.flavour,
      deniedCalls: signing.deniedCalls,
      controlEndpoint: env[TEST_ENDPOINT_ENV.control],
    }))
  }

  if (usesS3(options.job)) {
    if (options.s3?.bucket) {
      const client = await createS3Client({...options.s3.settings, maxAttempts: 1})
      try {
        checks.push(...await s3Checks({client, bucket: options.s3.bucket, prefix: options.s3.prefix, region: options.s3.settings.region ?? 'us-east-1', writeCheck: options.s3.writeCheck, sse: options.s3.sse, kmsKeyId: options.s3.kmsKeyId}))
      } finally {
        client.destroy()
      }
    } else {
      checks.push(check('s3', 'bucket', 'skip', `no bucket given for ${options.job}`, 'Pass --bucket (or set OUTPUT_BUCKET) to check it.'))
    }
  }

  return report()
}
