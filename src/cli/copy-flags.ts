/** The flags of `aoss copy` beyond the shared connection flags (which describe the source). */
import {Flags} from '@oclif/core'

import type {ConnectionInput} from '../lib/connection/settings.js'
import {queryFlag} from './query-flags.js'
import {readFlags} from './read-flags.js'
import {bulkWriteFlags} from './write-flags.js'

const TARGET = 'TARGET'

/** The target's connection, each flag the twin of a source one; environment names take the TARGET_ prefix. */
export const targetFlags = {
  'to-endpoint': Flags.string({summary: 'Target collection or domain URL (env TARGET_OPENSEARCH_URL).', helpGroup: TARGET}),
  'to-index': Flags.string({summary: 'Target index (default: the source index name).', helpGroup: TARGET}),
  'to-region': Flags.string({summary: 'AWS region for signing target requests (env TARGET_AWS_REGION; inferred from AWS host names).', helpGroup: TARGET}),
  'to-profile': Flags.string({summary: 'AWS profile for the target (env TARGET_AWS_PROFILE).', helpGroup: TARGET}),
  'to-service': Flags.string({summary: 'SigV4 service of the target: aoss or es (env TARGET_AOSS_SERVICE).', options: ['auto', 'aoss', 'es'], helpGroup: TARGET}),
  'to-auth': Flags.string({summary: 'Target auth: sigv4, basic (TARGET_OPENSEARCH_USERNAME/PASSWORD) or none (env TARGET_AOSS_AUTH).', options: ['auto', 'sigv4', 'basic', 'none'], helpGroup: TARGET}),
  'to-role-arn': Flags.string({summary: 'Assume this IAM role for the target, e.g. in another account (env TARGET_AOSS_ROLE_ARN).', helpGroup: TARGET}),
  'to-external-id': Flags.string({summary: "External id the target role's trust policy asks for (env TARGET_AOSS_EXTERNAL_ID).", helpGroup: TARGET, dependsOn: ['to-role-arn']}),
  'to-role-session-name': Flags.string({summary: 'Session name of the target role (env TARGET_AOSS_ROLE_SESSION_NAME).', helpGroup: TARGET}),
  'to-insecure': Flags.boolean({summary: 'Skip TLS certificate verification on the target (test clusters only).', helpGroup: TARGET}),
}

export const copyReadFlags = {
  ...queryFlag,
  fields: Flags.string({summary: 'Copy only these _source fields (comma list, wildcards allowed).', helpValue: 'a,b.c'}),
  'max-docs': Flags.integer({summary: 'Stop after this many documents.', min: 0}),
  'batch-size': readFlags['batch-size'],
  slices: readFlags.slices,
  'max-slices': readFlags['max-slices'],
  'keep-alive': readFlags['keep-alive'],
}

export const copyWriteFlags = {
  'create-index': Flags.boolean({summary: "Create the target from the source's mappings, settings (those the target accepts) and aliases."}),
  aliases: Flags.boolean({summary: "With --create-index: add the source's aliases (default: only when the target keeps the name).", allowNo: true, dependsOn: ['create-index']}),
  ...bulkWriteFlags('copy'),
  checkpoint: Flags.string({summary: 'Checkpoint file (default copy-<index>-to-<to-index>.aoss-checkpoint.json).'}),
  resume: Flags.boolean({summary: 'Continue the copy recorded in the checkpoint.', exclusive: ['force']}),
  force: Flags.boolean({summary: 'Start over although the checkpoint says an earlier copy is unfinished.', exclusive: ['resume']}),
  quiet: Flags.boolean({summary: 'No progress line.'}),
  'checkpoint-every': Flags.integer({summary: 'Least milliseconds between two checkpoints (default 1000).', min: 0, hidden: true}),
}

/** The target's connection as its flags state it; debug, timeout and retries are shared with the source. */
export function targetInputFrom(flags: Record<string, unknown>): ConnectionInput {
  return {
    endpoint: flags['to-endpoint'] as string | undefined,
    region: flags['to-region'] as string | undefined,
    profile: flags['to-profile'] as string | undefined,
    service: flags['to-service'] as ConnectionInput['service'],
    auth: flags['to-auth'] as ConnectionInput['auth'],
    insecure: flags['to-insecure'] ? true : undefined,
    debug: flags.debug ? true : undefined,
    timeout: flags.timeout as number | undefined,
    maxRetries: flags['max-retries'] as number | undefined,
    roleArn: flags['to-role-arn'] as string | undefined,
    externalId: flags['to-external-id'] as string | undefined,
    roleSessionName: flags['to-role-session-name'] as string | undefined,
  }
}
