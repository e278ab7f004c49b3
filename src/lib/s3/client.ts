/**
 * The one S3 client factory, and S3 settings from flags > environment > `.env`.
 *
 * Custom endpoints (LocalStack, MinIO, s3rver) need path-style addressing, because `<bucket>.localhost` does not
 * resolve, and WHEN_REQUIRED checksums: by default the SDK sends streamed bodies `aws-chunked` with a checksum
 * trailer, which several S3-compatible stores store framing and all (silently corrupt objects).
 */
import type {S3Client} from '@aws-sdk/client-s3'

import type {CredentialProvider} from '../connection/client.js'
import {redactUrl} from '../connection/redact.js'
import {AossError} from '../errors.js'
import {pickSetting, type SettingSources, settingSources} from '../io/setting-sources.js'

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

/** Settings from flags over environment and `.env`; read here and nowhere else in backup code. */
export function resolveS3Settings(input: S3Settings, sources: SettingSources = settingSources()): S3Settings {
  const pick = (name: string) => pickSetting(sources, name)
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
