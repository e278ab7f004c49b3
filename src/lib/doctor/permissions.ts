/**
 * OpenSearch Serverless policies through the control plane (ListAccessPolicies/GetAccessPolicy and
 * ListSecurityPolicies/GetSecurityPolicy): is the caller named, with the permissions the job needs, and may it
 * come in from where it is. Without control-plane rights this says what could not be checked; the signed
 * data-plane probes are then the only evidence.
 */
import type {CredentialProvider} from '../connection/client.js'
import {collectionIdFromEndpoint} from '../cluster/collection.js'
import type {Flavour} from '../connection/flavour.js'
import {neededPermissions} from './jobs.js'
import {analyseAccess, analyseNetwork, type NamedPolicy, roleOfSession} from './policies.js'
import {type Check, check, type DoctorJob} from './types.js'

export interface PermissionInput {
  endpoint: string
  region: string
  credentials?: CredentialProvider
  caller?: string
  job?: DoctorJob
  index?: string
  /** Collection name; found from the endpoint's collection id when absent. */
  collection?: string
  flavour?: Flavour
  /** Data-plane calls that were refused as authorisation. */
  deniedCalls: string[]
  /** Control-plane endpoint override; AOSS_CONTROL_ENDPOINT (for tests against a local stand-in). */
  controlEndpoint?: string
}

type Control = {send: (command: any) => Promise<any>, destroy: () => void}

export async function permissionChecks(input: PermissionInput): Promise<Check[]> {
  if (input.flavour && input.flavour !== 'serverless') {
    return [check('permissions', 'data-access', 'skip', `not an OpenSearch Serverless collection (${input.flavour}): data access policies do not apply`, "The domain's access policy and fine-grained access control role mapping decide.")]
  }

  const sdk = await import('@aws-sdk/client-opensearchserverless')
  const client: Control = new sdk.OpenSearchServerlessClient({
    region: input.region,
    maxAttempts: 1,
    ...(input.credentials ? {credentials: input.credentials} : {}),
    ...(input.controlEndpoint ? {endpoint: input.controlEndpoint} : {}),
  })
  try {
    let collection = input.collection
    if (!collection) {
      const id = collectionIdFromEndpoint(input.endpoint)
      if (!id) return [check('permissions', 'data-access', 'skip', 'the collection is not known: the endpoint is not an AOSS host name', 'Pass --collection NAME to check its policies.')]
      const answer = await client.send(new sdk.BatchGetCollectionCommand({ids: [id]}))
      collection = answer.collectionDetails?.[0]?.name
      if (!collection) return [check('permissions', 'data-access', 'fail', `the control plane knows no collection ${id} in ${input.region}`, 'Check the endpoint and --region.')]
    }

    const resource = [`collection/${collection}`]
    const access = await fetchPolicies(client, sdk, 'access', resource)
    const network = await fetchPolicies(client, sdk, 'network', resource)
    return [accessCheck(access, collection, input), networkCheck(network, collection, input)]
  } catch (error) {
    const name = (error as {name?: string}).name ?? 'error'
    const denied = /AccessDenied|Unauthorized|Forbidden/i.test(name)
    return [check('permissions', 'data-access', denied ? 'warn' : 'skip', denied
      ? `no control-plane access (${name}): data access and network policies could not be read; only the data-plane probes above were checked`
      : `the control plane could not be asked (${name}: ${(error as Error).message})`, 'Allow aoss:ListAccessPolicies, aoss:GetAccessPolicy, aoss:ListSecurityPolicies and aoss:GetSecurityPolicy to check policies before a run.')]
  } finally {
    client.destroy()
  }
}

async function fetchPolicies(client: Control, sdk: typeof import('@aws-sdk/client-opensearchserverless'), kind: 'access' | 'network', resource: string[]): Promise<NamedPolicy[]> {
  const policies: NamedPolicy[] = []
  let nextToken: string | undefined
  do {
    const list = kind === 'access'
      ? await client.send(new sdk.ListAccessPoliciesCommand({type: 'data', resource, nextToken}))
      : await client.send(new sdk.ListSecurityPoliciesCommand({type: 'network', resource, nextToken}))
    const summaries = (kind === 'access' ? list.accessPolicySummaries : list.securityPolicySummaries) ?? []
    for (const {name} of summaries as Array<{name: string}>) {
      const detail = kind === 'access'
        ? (await client.send(new sdk.GetAccessPolicyCommand({name, type: 'data'}))).accessPolicyDetail
        : (await client.send(new sdk.GetSecurityPolicyCommand({name, type: 'network'}))).securityPolicyDetail
      policies.push({name, policy: detail?.policy})
    }

    nextToken = list.nextToken
  } while (nextToken)
  return policies
}

function accessCheck(policies: NamedPolicy[], collection: string, input: PermissionInput): Check {
  if (!input.caller) return check('permissions', 'data-access', 'skip', `${policies.length} data access policies cover ${collection}, but the caller is unknown (STS was not answered)`, 'Fix the credentials check above first.')
  const needed = neededPermissions(input.job)
  const where = input.index ? `index/${collection}/${input.index}` : `the indexes of ${collection}`
  const result = analyseAccess(policies, {caller: input.caller, collection, index: input.index, needed})
  const details = {collection, caller: input.caller, named: result.named, policies: result.policies, missing: result.missing}
  const role = roleOfSession(input.caller)
  if (result.named === 'no') {
    const whom = role ? `${input.caller} (nor its role ${role.roleName})` : input.caller
    return check('permissions', 'data-access', 'fail', `${whom} is not named in any data access policy of ${collection}${policies.length ? ` (${policies.length} checked)` : ''}; missing ${result.missing.join(', ')}`,
      `Add ${role ? `arn:aws:iam::${role.account}:role/${role.roleName}` : input.caller} as a Principal with ${result.missing.join(', ')} on ${where} (policy changes take about a minute).`, details)
  }

  const how = result.named === 'role' ? `through its role (${result.principal})` : 'directly'
  if (result.missing.length > 0) {
    return check('permissions', 'data-access', 'fail', `named ${how}${result.policies.length ? ` in ${result.policies.join(', ')}` : ''}, but missing ${result.missing.join(', ')} on ${where} for ${input.job ?? 'this check'}`,
      `Add ${result.missing.join(', ')} to a rule for ${where} in the data access policy that names ${result.principal}.`, details)
  }

  return check('permissions', 'data-access', 'ok', `named ${how} in ${result.policies.join(', ')} with ${[...needed.index, ...needed.collection].join(', ')} on ${where}`, undefined, details)
}

function networkCheck(policies: NamedPolicy[], collection: string, input: PermissionInput): Check {
  const result = analyseNetwork(policies, collection)
  const details = {collection, ...result}
  if (result.access === 'public') return check('permissions', 'network-policy', 'ok', `network policy ${result.policies.join(', ')} allows public access to ${collection}`, undefined, details)
  if (result.access === 'vpc') {
    const refused = input.deniedCalls.length > 0
    return check('permissions', 'network-policy', refused ? 'fail' : 'warn', `network policy ${result.policies.join(', ')} admits only VPC endpoints ${result.vpcEndpoints.join(', ')}${refused ? ': this machine is refused, so it is outside them' : ''}`,
      'Run from inside the VPC (or over its VPN), or allow public access in the network policy.', details)
  }

  return check('permissions', 'network-policy', 'fail', `no network policy covers ${collection}: nobody can reach it`, 'Create a network policy for the collection (public or VPC endpoints).', details)
}
