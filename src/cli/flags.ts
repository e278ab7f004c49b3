/**
 * Flags every command that talks to a server shares. Their values are only gathered here; precedence with the
 * environment and `.env` is decided in one place, connection/settings.ts, so these flags declare no `env`.
 */
import {Args, Flags} from '@oclif/core'

import {assertIndexName, assertIndexTarget} from '../lib/connection/paths.js'
import type {ConnectionInput} from '../lib/connection/settings.js'

export const connectionFlags = {
  endpoint: Flags.string({
    char: 'e',
    summary: 'Collection or domain URL (env OPENSEARCH_URL).',
    helpGroup: 'CONNECTION',
  }),
  region: Flags.string({summary: 'AWS region for signing (env AWS_REGION; inferred from AWS host names).', helpGroup: 'CONNECTION'}),
  profile: Flags.string({summary: 'AWS shared-config profile (env AWS_PROFILE).', helpGroup: 'CONNECTION'}),
  service: Flags.string({
    summary: 'SigV4 service: aoss for Serverless collections, es for domains (env AOSS_SERVICE).',
    options: ['auto', 'aoss', 'es'],
    helpGroup: 'CONNECTION',
  }),
  auth: Flags.string({
    summary: 'sigv4, basic (OPENSEARCH_USERNAME/PASSWORD) or none; auto: sigv4 for AWS hosts or with --service/--region, else basic if a user is set, else none (env AOSS_AUTH).',
    options: ['auto', 'sigv4', 'basic', 'none'],
    helpGroup: 'CONNECTION',
  }),
  insecure: Flags.boolean({summary: 'Skip TLS certificate verification (test clusters only).', helpGroup: 'CONNECTION', allowNo: false}),
  timeout: Flags.integer({summary: 'Request timeout in seconds (default 60, env AOSS_TIMEOUT).', min: 1, helpGroup: 'CONNECTION'}),
  'max-retries': Flags.integer({summary: 'Retries on throttling, 5xx and resets (default 6, env AOSS_MAX_RETRIES).', min: 0, helpGroup: 'CONNECTION'}),
  debug: Flags.boolean({summary: 'Log every request to stderr (secrets redacted) and show stack traces.', helpGroup: 'CONNECTION'}),
  'role-arn': Flags.string({summary: 'Assume this IAM role and sign as it, over the base credentials (env AOSS_ROLE_ARN).', helpGroup: 'CONNECTION'}),
  'external-id': Flags.string({summary: "External id the role's trust policy asks for (env AOSS_EXTERNAL_ID).", helpGroup: 'CONNECTION', dependsOn: ['role-arn']}),
  'role-session-name': Flags.string({summary: 'Session name of the assumed role, seen in CloudTrail (default aoss, env AOSS_ROLE_SESSION_NAME).', helpGroup: 'CONNECTION'}),
}

/** The connection a command's flags describe, before the environment and `.env` fill in the rest. */
export function connectionInputFrom(flags: Record<string, unknown>): ConnectionInput {
  return {
    endpoint: flags.endpoint as string | undefined,
    region: flags.region as string | undefined,
    profile: flags.profile as string | undefined,
    service: flags.service as ConnectionInput['service'],
    auth: flags.auth as ConnectionInput['auth'],
    insecure: flags.insecure ? true : undefined,
    debug: flags.debug ? true : undefined,
    timeout: flags.timeout as number | undefined,
    maxRetries: flags['max-retries'] as number | undefined,
    roleArn: flags['role-arn'] as string | undefined,
    externalId: flags['external-id'] as string | undefined,
    roleSessionName: flags['role-session-name'] as string | undefined,
  }
}

/** An argument naming exactly one index (or alias): a name OpenSearch would refuse is a usage error before any request. */
export const indexArg = Args.custom<string>({
  async parse(name) {
    assertIndexName(name)
    return name
  },
})

/** An argument naming what to read: an index, alias, comma list or wildcard pattern, each name checked. */
export const indexTargetArg = Args.custom<string>({
  async parse(target) {
    assertIndexTarget(target)
    return target
  },
})
