/**
 * Role chaining for every connection: `--role-arn` (or AOSS_ROLE_ARN) makes the client sign with the temporary
 * keys of an assumed role, asked for with the base credentials (the default chain, or what a caller supplies).
 *
 * The signer keeps the keys it got and asks again only when they are about to expire (it compares the expiry
 * with the request timeout), so a long copy or restore renews its session instead of failing after an hour;
 * each renewal is one AssumeRole call. The STS client is built once and reused for the renewals.
 */
import type {AssumedRole} from './settings.js'
import {AossError} from '../errors.js'
import type {AwsCredentials, CredentialProvider} from './credentials.js'

/** One hour: the longest session a role grants by default, and the most a chained role may have. */
export const ROLE_SESSION_SECONDS = 3600

export async function assumeRole(base: CredentialProvider, role: AssumedRole, region: string): Promise<CredentialProvider> {
  const {fromTemporaryCredentials} = await import('@aws-sdk/credential-providers')
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: role.arn,
      RoleSessionName: role.sessionName,
      DurationSeconds: ROLE_SESSION_SECONDS,
      ...(role.externalId ? {ExternalId: role.externalId} : {}),
    },
    masterCredentials: base,
    clientConfig: {region, ...(role.stsEndpoint ? {endpoint: role.stsEndpoint} : {})},
  })
  return async (): Promise<AwsCredentials> => {
    try {
      return await provider()
    } catch (error) {
      if (error instanceof AossError) throw error
      throw cannotAssume(role, error)
    }
  }
}

function cannotAssume(role: AssumedRole, error: unknown): AossError {
  const e = error as {name?: string, message?: string}
  const why = e.message && e.message !== 'UnknownError' ? e.message : e.name ?? String(error)
  return new AossError('FORBIDDEN', `cannot assume ${role.arn}: ${why}`, {
    cause: error,
    hints: [
      "The role's trust policy must name the base principal (and the external id, when it asks for one), and IAM must allow it sts:AssumeRole on the role.",
      'aoss doctor --role-arn … shows which principal asks and whether the role can be assumed.',
    ],
    details: {roleArn: role.arn},
  })
}
