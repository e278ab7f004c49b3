/**
 * The one translator from S3 and credential failures to AossError: one line, a hint, the exit code from the
 * shared table.
 */
import {AossError} from '../errors.js'

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
