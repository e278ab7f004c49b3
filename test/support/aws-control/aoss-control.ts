/**
 * A stand-in for the OpenSearch Serverless control plane, speaking the JSON protocol @aws-sdk/client-opensearchserverless
 * uses (POST /, `x-amz-target: OpenSearchServerless.<Operation>`, application/x-amz-json-1.0), for the calls
 * `aoss doctor` makes: BatchGetCollection, ListAccessPolicies, GetAccessPolicy, ListSecurityPolicies, GetSecurityPolicy.
 */
import {serve, type StandInServer} from './http.js'

export interface StoredPolicy {
  name: string
  /** The policy document as AWS stores it: an array of statements. */
  policy: unknown[]
}

export interface AossControlOptions {
  collections?: Array<{id: string, name: string}>
  accessPolicies?: StoredPolicy[]
  networkPolicies?: StoredPolicy[]
  /** Access key ids that may call the control plane; everyone else gets AccessDeniedException. All when absent. */
  allowedKeys?: string[]
}

export async function startAossControlStandIn(options: AossControlOptions): Promise<StandInServer> {
  const calls: Record<string, number> = {}
  const server = await serve((request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^OpenSearchServerless\./, '')
    calls[operation] = (calls[operation] ?? 0) + 1
    if (options.allowedKeys && !options.allowedKeys.includes(request.accessKeyId ?? '')) {
      return error(403, 'AccessDeniedException', `User is not authorized to perform: aoss:${operation}`)
    }

    const input = JSON.parse(request.body || '{}') as Record<string, any>
    switch (operation) {
      case 'BatchGetCollection': {
        const found = (options.collections ?? []).filter((c) => (input.ids ?? []).includes(c.id) || (input.names ?? []).includes(c.name))
        return json({collectionDetails: found.map((c) => ({...c, status: 'ACTIVE', type: 'SEARCH'})), collectionErrorDetails: []})
      }

      case 'ListAccessPolicies':
      case 'ListSecurityPolicies': {
        const stored = operation === 'ListAccessPolicies' ? options.accessPolicies : options.networkPolicies
        const wanted = (input.resource ?? []) as string[]
        const matching = (stored ?? []).filter((p) => wanted.length === 0 || wanted.some((r) => mentions(p.policy, r)))
        const summaries = matching.map((p) => ({name: p.name, type: input.type, policyVersion: 'v1'}))
        return json(operation === 'ListAccessPolicies' ? {accessPolicySummaries: summaries} : {securityPolicySummaries: summaries})
      }

      case 'GetAccessPolicy':
      case 'GetSecurityPolicy': {
        const stored = operation === 'GetAccessPolicy' ? options.accessPolicies : options.networkPolicies
        const found = (stored ?? []).find((p) => p.name === input.name)
        if (!found) return error(404, 'ResourceNotFoundException', `Policy ${input.name} not found`)
        const detail = {name: found.name, type: input.type, policyVersion: 'v1', policy: found.policy}
        return json(operation === 'GetAccessPolicy' ? {accessPolicyDetail: detail} : {securityPolicyDetail: detail})
      }

      default:
        return error(400, 'ValidationException', `unknown operation ${operation}`)
    }
  })
  return {...server, calls}
}

/** Whether any rule of the policy names the collection of `resource` ("collection/NAME"), wildcards included. */
function mentions(policy: unknown[], resource: string): boolean {
  const collection = resource.split('/')[1] ?? ''
  return policy.some((statement) => ((statement as {Rules?: Array<{Resource?: string[]}>}).Rules ?? []).some((rule) =>
    (rule.Resource ?? []).some((r) => {
      const pattern = r.split('/')[1] ?? ''
      return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(collection)
    })))
}

function json(value: unknown) {
  return {status: 200, contentType: 'application/x-amz-json-1.0', body: JSON.stringify(value)}
}

function error(status: number, type: string, message: string) {
  return {status, contentType: 'application/x-amz-json-1.0', body: JSON.stringify({__type: type, message})}
}
