/**
 * Reading OpenSearch Serverless policies without calling anything: does a data access policy name this principal
 * (directly, or through the role its session assumed) with the permissions a job needs on this collection and
 * index, and does the network policy let the public in or only VPC endpoints. Shapes as the control plane returns
 * them: a policy is an array of statements `{Rules: [{ResourceType, Resource, Permission}], Principal}`.
 */
import type {NeededPermissions} from './jobs.js'

export interface NamedPolicy {
  name: string
  policy: unknown
}

interface Rule {
  ResourceType?: string
  Resource?: string[]
  Permission?: string[]
}

interface Statement {
  Rules?: Rule[]
  Principal?: string[]
  AllowFromPublic?: boolean
  SourceVPCEs?: string[]
}

export interface AccessAnalysis {
  /** 'direct': the caller's ARN is listed; 'role': the role its session assumed is; 'no': neither. */
  named: 'direct' | 'role' | 'no'
  /** The principal entry that matched, when one did. */
  principal?: string
  /** Policies that name the principal and cover the collection. */
  policies: string[]
  missing: string[]
}

/** The IAM role ARN prefix an assumed-role session ARN stands for (paths are not in the session ARN). */
export function roleOfSession(arn: string): {account: string, roleName: string} | undefined {
  const m = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn)
  return m ? {account: m[1]!, roleName: m[2]!} : undefined
}

export function principalMatch(entry: string, caller: string): 'direct' | 'role' | undefined {
  if (entry === caller) return 'direct'
  const session = roleOfSession(caller)
  if (!session) return undefined
  const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry)
  return m && m[1] === session.account && m[2] === session.roleName ? 'role' : undefined
}

function glob(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${re}$`, 'i').test(value)
}

/** `index/<collection>/<index>`; without an index, any rule for the collection's indexes counts. */
function covers(rule: Rule, collection: string, index: string | undefined): boolean {
  return (rule.Resource ?? []).some((resource) => {
    const [kind, coll = '', name = ''] = resource.split('/')
    if (rule.ResourceType === 'index' || kind === 'index') {
      return glob(coll, collection) && (index === undefined || glob(name, index))
    }

    return glob(coll, collection)
  })
}

function statements(policy: unknown): Statement[] {
  const parsed = typeof policy === 'string' ? JSON.parse(policy) : policy
  return Array.isArray(parsed) ? parsed as Statement[] : []
}

function grants(permissions: string[] | undefined, wanted: string): boolean {
  return (permissions ?? []).some((p) => p === wanted || p === 'aoss:*' || glob(p, wanted))
}

export function analyseAccess(
  policies: NamedPolicy[],
  input: {caller: string, collection: string, index?: string, needed: NeededPermissions},
): AccessAnalysis {
  let named: AccessAnalysis['named'] = 'no'
  let principal: string | undefined
  const naming = new Set<string>()
  const granted = new Set<string>()
  for (const {name, policy} of policies) {
    for (const statement of statements(policy)) {
      const match = (statement.Principal ?? []).map((entry) => [entry, principalMatch(entry, input.caller)] as const).find(([, m]) => m)
      if (!match) continue
      if (named !== 'direct') {
        named = match[1]!
        principal = match[0]
      }

      for (const rule of statement.Rules ?? []) {
        const isIndex = rule.ResourceType === 'index'
        if (!covers(rule, input.collection, isIndex ? input.index : undefined)) continue
        naming.add(name)
        const wanted = isIndex ? input.needed.index : input.needed.collection
        for (const permission of wanted) if (grants(rule.Permission, permission)) granted.add(permission)
      }
    }
  }

  const missing = [...new Set([...input.needed.index, ...input.needed.collection])].filter((p) => !granted.has(p))
  return {named, ...(principal ? {principal} : {}), policies: [...naming], missing}
}

export interface NetworkAnalysis {
  access: 'public' | 'vpc' | 'none'
  vpcEndpoints: string[]
  policies: string[]
}

export function analyseNetwork(policies: NamedPolicy[], collection: string): NetworkAnalysis {
  let publicAccess = false
  const vpce = new Set<string>()
  const names = new Set<string>()
  for (const {name, policy} of policies) {
    for (const statement of statements(policy)) {
      const rules = (statement.Rules ?? []).filter((r) => (r.ResourceType ?? 'collection') === 'collection' && covers(r, collection, undefined))
      if (rules.length === 0) continue
      names.add(name)
      if (statement.AllowFromPublic) publicAccess = true
      for (const id of statement.SourceVPCEs ?? []) vpce.add(id)
    }
  }

  return {access: publicAccess ? 'public' : vpce.size > 0 ? 'vpc' : 'none', vpcEndpoints: [...vpce], policies: [...names]}
}
