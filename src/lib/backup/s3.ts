/**
 * The one S3 client factory for backups, and the one translator from S3 failures to AossError.
 *
 * Custom endpoints (LocalStack, MinIO, s3rver) need path-style addressing, because `<bucket>.localhost` does not
 * resolve, and WHEN_REQUIRED checksums: by default the SDK sends streamed bodies `aws-chunked` with a checksum
 * trailer, which several S3-compatible stores store framing and all (silently corrupt objects).
 */
import type {S3Client} from '@aws-sdk/client-s3'

import type {CredentialProvider} from '../connection/client.js'
import {redactUrl} from '../connection/redact.js'
import {readDotEnv} from '../connection/settings.js'
import {AossError} from '../errors.js'

export interface S3Settings {
  /** Region of the bucket; falls back to AWS_REGION / AWS_DEFAULT_REGION, then us-east-1. */
  region?: string
  /** An S3-compatible endpoint (`--s3-endpoint`, else AWS_ENDPOINT_URL_S3). AWS S3 itself when absent. */
  endpoint?: string
  /** Path-style addressing; default true for custom endpoints, false for AWS S3. */
  forcePathStyle?: boolean
  profile?: string
  /** Replaces the AWS default credential chain (tests). */
  credentials?: CredentialProvider
  /** SDK attempts per request (default 3, the SDK's own). */
  maxAttempts?: number
}

export interface BackupTarget {
  bucket: string
  /** As given; layout.ts normalises it. */
  prefix: string
}

/** Bucket and prefix from flags > environment > `.env` (OUTPUT_BUCKET is the name existing users keep). */
export function resolveBackupTarget(input: {bucket?: string, prefix?: string}, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BackupTarget {
  const dotEnv = readDotEnv(cwd)
  const bucket = input.bucket ?? nonEmpty(env.OUTPUT_BUCKET) ?? nonEmpty(dotEnv.OUTPUT_BUCKET)
  if (!bucket) throw new AossError('USAGE', 'no bucket: pass --bucket or set OUTPUT_BUCKET', {hints: ['e.g. aoss backup inventory --bucket my-backups --prefix nightly']})
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new AossError('USAGE', `not a valid S3 bucket name: ${bucket}`, {hints: ['Bucket names are 3–63 lower-case letters, digits, dots and hyphens.']})
  return {bucket, prefix: input.prefix ?? nonEmpty(env.OUTPUT_PREFIX) ?? nonEmpty(dotEnv.OUTPUT_PREFIX) ?? ''}
}

/** Settings from flags over environment and `.env`; read here and nowhere else in backup code. */
export function resolveS3Settings(input: S3Settings, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): S3Settings {
  const dotEnv = readDotEnv(cwd)
  const pick = (name: string) => nonEmpty(env[name]) ?? nonEmpty(dotEnv[name])
  const endpoint = input.endpoint ?? pick('AWS_ENDPOINT_URL_S3') ?? pick('AWS_ENDPOINT_URL')
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) {
    throw new AossError('USAGE', `not a valid S3 endpoint URL: ${redactUrl(endpoint)}`, {hints: ['e.g. --s3-endpoint http://localhost:4566 (LocalStack) or http://localhost:9000 (MinIO).']})
  }

  return {
    ...input,
    endpoint,
    region: input.region ?? pick('AWS_REGION') ?? pick('AWS_DEFAULT_REGION') ?? 'us-east-1',
    forcePathStyle: input.forcePathStyle ?? endpoint !== undefined,
    profile: input.profile ?? pick('AWS_PROFILE'),
  }
}

export async function createS3Client(settings: S3Settings): Promise<S3Client> {
  // The SDK warns on every run under Node 20 that future SDK releases need Node 22; this tool pins its SDK
  // version and supports Node 20, so the warning is noise on stderr. Setting the variable to false shows it again.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  // Loaded here: the S3 client costs ~350 ms to import and `--help` must not pay for it.
  const {S3Client} = await import('@aws-sdk/client-s3')
  let credentials = settings.credentials
  if (!credentials && settings.profile) {
    const {fromNodeProviderChain} = await import('@aws-sdk/credential-providers')
    credentials = fromNodeProviderChain({profile: settings.profile})
  }

  return new S3Client({
    region: settings.region ?? 'us-east-1',
    ...(settings.endpoint ? {endpoint: settings.endpoint} : {}),
    forcePathStyle: settings.forcePathStyle ?? settings.endpoint !== undefined,
    ...(credentials ? {credentials} : {}),
    ...(settings.maxAttempts ? {maxAttempts: settings.maxAttempts} : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

interface SdkError {
  name?: string
  code?: string
  message?: string
  Code?: string
  $metadata?: {httpStatusCode?: number}
  $fault?: string
}

export interface S3ErrorContext {
  action: string
  bucket?: string
  key?: string
}

/** S3 and credential failures as one line with a hint and the exit code from the shared table. */
export function toS3Error(error: unknown, context: S3ErrorContext): AossError {
  if (error instanceof AossError) return error
  const e = (error ?? {}) as SdkError
  const name = e.name ?? e.Code ?? ''
  const status = e.$metadata?.httpStatusCode
  const where = context.key ? `s3://${context.bucket}/${context.key}` : context.bucket ? `s3://${context.bucket}` : 'S3'
  const doing = `${context.action}: `
  const details: Record<string, unknown> = {...(context.bucket ? {bucket: context.bucket} : {}), ...(context.key ? {key: context.key} : {}), ...(name ? {s3Code: name} : {})}

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new AossError('NO_CREDENTIALS', `${doing}no AWS credentials for S3`, {
      cause: error,
      details,
      hints: ['Run `aws configure` or `aws sso login`, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.'],
    })
  }

  if (name === 'NoSuchBucket') {
    return new AossError('NOT_FOUND', `${doing}bucket ${context.bucket ?? ''} does not exist`, {
      cause: error, statusCode: status, details,
      hints: ['Check --bucket (or OUTPUT_BUCKET) and --s3-region; create it with `aws s3 mb s3://NAME`.'],
    })
  }

  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new AossError('NOT_FOUND', `${doing}${where} not found`, {cause: error, statusCode: status, details})
  }

  if (name === 'AccessDenied' || name === 'Forbidden' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || status === 403) {
    return new AossError('FORBIDDEN', `${doing}access to ${where} denied (${name || status})`, {
      cause: error, statusCode: status, details,
      hints: [
        'The IAM principal needs s3:PutObject, s3:GetObject, s3:ListBucket and s3:AbortMultipartUpload on the bucket and prefix.',
        'With SSE-KMS it also needs kms:GenerateDataKey and kms:Decrypt on the key.',
      ],
    })
  }

  if (name === 'SlowDown' || name === 'ThrottlingException' || status === 503) {
    return new AossError('THROTTLED', `${doing}S3 throttled the requests after retries (${name || status})`, {
      cause: error, statusCode: status, details,
      hints: ['Lower --part-size × queue or try again later; spread backups over more prefixes.'],
    })
  }

  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || name === 'IllegalLocationConstraintException') {
    return new AossError('USAGE', `${doing}the bucket lives in another region (${name})`, {
      cause: error, statusCode: status, details,
      hints: ['Pass --s3-region with the bucket\'s region.'],
    })
  }

  const code = e.code ?? ''
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up/i.test(`${code} ${e.message ?? ''}`) || name === 'TimeoutError') {
    return new AossError('UNREACHABLE', `${doing}cannot reach S3${context.bucket ? ` for bucket ${context.bucket}` : ''}: ${e.message ?? code}`, {
      cause: error, details,
      hints: ['Check the network, --s3-endpoint (or AWS_ENDPOINT_URL_S3) and --s3-region.'],
    })
  }

  if (name === 'AbortError') return new AossError('UNEXPECTED', `${doing}aborted`, {cause: error, details})

  if (status !== undefined && status >= 400 && status < 500) {
    return new AossError('BAD_REQUEST', `${doing}S3 refused the request (${status} ${name})${e.message ? `: ${e.message}` : ''}`, {cause: error, statusCode: status, details})
  }

  return new AossError('SERVER', `${doing}S3 failed (${status ?? name ?? 'error'})${e.message ? `: ${e.message}` : ''}`, {
    cause: error, statusCode: status, details,
  })
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
