import { S3Client } from '@aws-sdk/client-s3';

/** s3rver's built-in keys; the multipart recorder accepts any signed request, so one pair serves both. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const S3_REGION = 'us-east-1';

/** What every S3 stand-in hands to a test. */
export interface S3StandIn {
  /** `http://127.0.0.1:<port>`, to pass as the S3 endpoint of the code under test. */
  endpoint: string;
  /** A client already configured for this endpoint (see s3Client). */
  client: S3Client;
  /** Creates a bucket. */
  bucket(name: string): Promise<void>;
  /** A temporary directory that `stop()` removes. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * Client settings the stand-ins need with SDK 3.1175:
 * - forcePathStyle: neither stand-in serves virtual-host buckets (`<bucket>.localhost`).
 * - WHEN_REQUIRED checksums: by default a streamed PutObject body is sent `aws-chunked` with a checksum trailer,
 *   which s3rver stores framing and all — silent corruption.
 * - maxAttempts is left at the SDK default (3) so that retries behave as in production.
 */
export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: S3_REGION,
    credentials: S3_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
