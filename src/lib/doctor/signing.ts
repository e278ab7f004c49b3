/**
 * Signed, harmless requests — one per kind of call the job makes — and, when one is refused, which refusal it is:
 * a signature the server could not accept (wrong region or service, clock, token) or a principal it does not let
 * in. Managed domains say which scope they expected; OpenSearch Serverless answers every refusal the same way,
 * so the request is signed again for the other service and for other regions to find the one it accepts.
 */
import {type Client, type CredentialProvider, createClient} from '../connection/client.js'
import {type Flavour, probeServer} from '../connection/flavour.js'
import {targetPath} from '../connection/paths.js'
import type {ConnectionSettings} from '../connection/settings.js'
import {toAossError} from '../connection/translate.js'
import {type AossError} from '../errors.js'
import {type Check, check, type DoctorJob} from './types.js'

export interface SigningInput {
  settings: ConnectionSettings
  credentials?: CredentialProvider
  job?: DoctorJob
  index?: string
  /** The clock check already failed: a refused signature is explained by it. */
  clockSkewed?: boolean
  /** Regions to sign for when looking for the one an opaque 403 wants (the host's, the environment's, common ones). */
  candidateRegions?: string[]
}

export interface SigningOutcome {
  checks: Check[]
  flavour?: Flavour
  /** A data-plane call was refused as authorisation (not signature): the policy analysis should explain it. */
  deniedCalls: string[]
}

interface Probe {
  call: string
  permission: string
  request: {method: 'GET' | 'POST', path: string, body?: unknown}
}

const COMMON_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-west-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-south-1', 'ca-central-1', 'sa-east-1']

export function probesFor(job: DoctorJob | undefined, index: string | undefined): Probe[] {
  const target = index ?? '*'
  const probes: Probe[] = [{call: `GET /_cat/indices/${index ?? '*'}`, permission: 'aoss:DescribeIndex', request: {method: 'GET', path: `/_cat/indices${targetPath(target)}?format=json`}}]
  const reads = job === 'export' || job === 'backup' || job === 'copy' || job === 'ui'
  if (reads) probes.push({call: `POST /${index ?? '*'}/_search size 0`, permission: 'aoss:ReadDocument', request: {method: 'POST', path: targetPath(target, '_search'), body: {size: 0, query: {match_all: {}}}}})
  return probes
}

export async function signingChecks(input: SigningInput): Promise<SigningOutcome> {
  const {settings} = input
  const checks: Check[] = []
  const deniedCalls: string[] = []
  const client = await clientFor(settings, input.credentials)
  let flavour: Flavour | undefined
  try {
    try {
      const info = await probeServer(client, settings)
      flavour = info.flavour
      const what = info.flavour === 'serverless' ? 'OpenSearch Serverless collection' : `${info.flavour === 'managed' ? 'Amazon OpenSearch Service domain' : 'self-managed OpenSearch'}${info.version ? ` ${info.distribution ?? 'opensearch'} ${info.version}` : ''}`
      checks.push(check('endpoint', 'flavour', 'ok', `${what} (GET / in ${info.latencyMs} ms)`, undefined, {flavour: info.flavour, version: info.version}))
    } catch (error) {
      const refusal = await explain(toAossError(error), 'GET /', input)
      if (refusal) checks.push(refusal)
      else checks.push(check('endpoint', 'flavour', 'fail', `GET / failed: ${toAossError(error).message}`, toAossError(error).hints[0]))
      if (refusal?.area === 'permissions') deniedCalls.push('GET /')
      return {checks, flavour, deniedCalls}
    }

    for (const probe of probesFor(input.job, input.index)) {
      try {
        await client.transport.request({method: probe.request.method, path: probe.request.path, ...(probe.request.body ? {body: probe.request.body} : {})})
        checks.push(check('signing', probe.permission.replace('aoss:', '').toLowerCase(), 'ok', `${probe.call} accepted (needs ${probe.permission} on Serverless)`))
      } catch (error) {
        const aoss = toAossError(error)
        if (aoss.code === 'INDEX_NOT_FOUND' || aoss.code === 'NOT_FOUND') {
          checks.push(check('signing', probe.permission.replace('aoss:', '').toLowerCase(), 'warn', `${probe.call}: ${aoss.message}`, input.index ? `Check the index name; \`aoss index list\` shows them.` : undefined))
          continue
        }

        const refusal = await explain(aoss, probe.call, input, probe.permission)
        checks.push(refusal ?? check('signing', probe.permission.replace('aoss:', '').toLowerCase(), 'fail', `${probe.call}: ${aoss.message}`, aoss.hints[0]))
        if (refusal?.area === 'permissions') deniedCalls.push(probe.call)
        // One refusal explained is enough: the next calls would be refused the same way.
        if (refusal?.area === 'signing' || refusal?.area === 'clock') break
      }
    }

    if (input.job === 'restore' || input.job === 'copy') {
      checks.push(check('signing', 'writedocument', 'skip', '_bulk and PUT <index> are not tried: doctor writes nothing to the cluster', 'The data access policy check below covers aoss:WriteDocument and aoss:CreateIndex.'))
    }
  } finally {
    await client.close().catch(() => {})
  }

  return {checks, flavour, deniedCalls}
}

async function clientFor(settings: ConnectionSettings, credentials?: CredentialProvider): Promise<Client> {
  // The credentials are already the assumed role's (credentials.ts assumed it): the client must not chain again.
  return createClient({...settings, maxRetries: 0, role: undefined}, {credentials, retry: {maxRetries: 0}})
}

/** Why a request was refused, as a check; undefined when it was not a refusal (a 5xx, a timeout). */
async function explain(error: AossError, call: string, input: SigningInput, permission?: string): Promise<Check | undefined> {
  if (error.code !== 'SIGNATURE' && error.code !== 'FORBIDDEN' && error.code !== 'UNAUTHORIZED') return undefined
  const {settings} = input
  if (error.code === 'UNAUTHORIZED') {
    return check('signing', 'auth', 'fail', `${call}: 401, the server wants a user name and password`, 'Set OPENSEARCH_USERNAME/OPENSEARCH_PASSWORD (basic auth), or sign with --auth sigv4.')
  }

  const said = error.message
  const region = /scoped to a valid region, not '([^']+)'/i.exec(said)
  if (region) return check('signing', 'scope', 'fail', `${call}: the server refuses the signing region ${region[1]}`, 'Pass the region the endpoint lives in with --region (or AWS_REGION).', {signed: region[1]})
  const service = /scoped to correct service: '([^']+)'/i.exec(said)
  if (service) return check('signing', 'scope', 'fail', `${call}: signed for service ${settings.service}, the server expects ${service[1]}`, `Pass --service ${service[1]}.`, {signed: settings.service, expected: service[1]})
  if (input.clockSkewed || /signature expired|not yet current/i.test(said)) {
    return check('signing', 'clock', 'fail', `${call}: signature refused; the clock skew explains it`, 'Synchronise the clock, then run doctor again.')
  }

  if (settings.auth === 'sigv4') {
    const accepted = await findAcceptedScope(input)
    if (accepted?.service && accepted.service !== settings.service) {
      return check('signing', 'scope', 'fail', `${call}: refused when signed for service ${settings.service}, accepted when signed for ${accepted.service}`, `Pass --service ${accepted.service}.`, {signed: settings.service, expected: accepted.service})
    }

    if (accepted?.region && accepted.region !== settings.region) {
      return check('signing', 'scope', 'fail', `${call}: refused when signed for region ${settings.region}, accepted when signed for ${accepted.region}`, `Pass --region ${accepted.region}.`, {signed: settings.region, expected: accepted.region})
    }
  }

  if (error.code === 'SIGNATURE') return check('signing', 'signature', 'fail', `${call}: ${said}`, error.hints[0])
  return check('permissions', 'data-plane', 'fail', `${call} refused (403${error.details?.aossResponseHint ? `, ${error.details.aossResponseHint}` : ''}) although it is signed for ${settings.service} in ${settings.region ?? 'no region'}: the principal is not let in${permission ? ` (needs ${permission})` : ''}`, "Name the principal in the collection's data access policy with the permissions listed here, and allow aoss:APIAccessAll in IAM.", {call, permission})
}

/** Signs `GET /` for the other service, then for other regions, and returns the first scope the server accepts. */
async function findAcceptedScope(input: SigningInput): Promise<{service?: string, region?: string} | undefined> {
  const {settings} = input
  const other = settings.service === 'aoss' ? 'es' : 'aoss'
  if (await accepts({...settings, service: other}, input.credentials)) return {service: other}
  const regions = [...new Set([...(input.candidateRegions ?? []), ...COMMON_REGIONS])].filter((r) => r !== settings.region)
  for (const region of regions) {
    if (await accepts({...settings, region}, input.credentials)) return {region}
  }

  return undefined
}

async function accepts(settings: ConnectionSettings, credentials?: CredentialProvider): Promise<boolean> {
  const client = await clientFor(settings, credentials)
  try {
    const answer = await client.transport.request({method: 'GET', path: '/'}, {ignore: [404]})
    return answer.statusCode !== 403
  } catch {
    return false
  } finally {
    await client.close().catch(() => {})
  }
}
