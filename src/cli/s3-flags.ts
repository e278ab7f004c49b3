/**
 * Flags shared by `backup`, `backup list` and `backup verify`: where the backups are and how to reach S3.
 * Values are only gathered here; backup/s3.ts applies the environment and `.env` (OUTPUT_BUCKET, OUTPUT_PREFIX,
 * AWS_ENDPOINT_URL_S3, AWS_REGION), as connection/settings.ts does for the connection flags.
 */
import {Flags} from '@oclif/core'

export const s3Flags = {
  's3-endpoint': Flags.string({
    summary: 'S3-compatible endpoint (LocalStack, MinIO); env AWS_ENDPOINT_URL_S3. Uses path-style addressing.',
    helpGroup: 'S3',
  }),
  's3-region': Flags.string({summary: "The bucket's region (default AWS_REGION, else us-east-1).", helpGroup: 'S3'}),
}

export const bucketFlags = {
  bucket: Flags.string({char: 'b', summary: 'S3 bucket of the backups (env OUTPUT_BUCKET).', helpGroup: 'S3'}),
  prefix: Flags.string({
    char: 'p',
    summary: 'Key prefix under which backups live, e.g. backups/prod (env OUTPUT_PREFIX; default the bucket root).',
    helpGroup: 'S3',
  }),
}
