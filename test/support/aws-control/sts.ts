/**
 * A stand-in for AWS STS speaking its query protocol (form-encoded POST, XML answers), for GetCallerIdentity and
 * AssumeRole. Callers are told apart by the access key id in their signature; signatures themselves are not checked.
 */
import {serve, type StandInServer} from './http.js'

export interface StsPrincipal {
  accessKeyId: string
  arn: string
  account?: string
  /** The session token has expired: every call answers ExpiredToken. */
  expired?: boolean
}

export interface StsRole {
  roleArn: string
  /** Access key ids allowed to assume the role (all known callers when absent). */
  trustedKeys?: string[]
  /** The temporary credentials AssumeRole hands out. */
  credentials: {accessKeyId: string, secretAccessKey: string, sessionToken: string}
  expiration?: Date
  /** The trust policy's sts:ExternalId condition: AssumeRole without this external id is denied. */
  externalId?: string
}

export interface StsStandInOptions {
  principals: StsPrincipal[]
  roles?: StsRole[]
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'

export async function startStsStandIn(options: StsStandInOptions): Promise<StandInServer> {
  const calls: Record<string, number> = {}
  const principals = new Map(options.principals.map((p) => [p.accessKeyId, p]))
  const server = await serve((request) => {
    const form = new URLSearchParams(request.body)
    const action = form.get('Action') ?? 'unknown'
    calls[action] = (calls[action] ?? 0) + 1
    const caller = request.accessKeyId ? principals.get(request.accessKeyId) : undefined
    if (!caller) return error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
    if (caller.expired) return error(400, 'ExpiredToken', 'The security token included in the request is expired')
    const account = caller.account ?? /::(\d{12}):/.exec(caller.arn)?.[1] ?? '123456789012'

    if (action === 'GetCallerIdentity') {
      return ok('GetCallerIdentity', `<Arn>${caller.arn}</Arn><UserId>AIDSTANDIN</UserId><Account>${account}</Account>`)
    }

    if (action === 'AssumeRole') {
      const roleArn = form.get('RoleArn') ?? ''
      const sessionName = form.get('RoleSessionName') ?? 'session'
      const role = options.roles?.find((r) => r.roleArn === roleArn)
      if (!role || (role.trustedKeys && !role.trustedKeys.includes(caller.accessKeyId))) {
        return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`)
      }

      if (role.externalId !== undefined && form.get('ExternalId') !== role.externalId) {
        return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} (external id)`)
      }

      const roleName = roleArn.split('/').pop()
      const assumedArn = `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`
      principals.set(role.credentials.accessKeyId, {accessKeyId: role.credentials.accessKeyId, arn: assumedArn, account})
      const expiration = (role.expiration ?? new Date(Date.now() + 3_600_000)).toISOString()
      return ok('AssumeRole', `<Credentials><AccessKeyId>${role.credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${role.credentials.secretAccessKey}</SecretAccessKey><SessionToken>${role.credentials.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>${assumedArn}</Arn><AssumedRoleId>AROASTANDIN:${sessionName}</AssumedRoleId></AssumedRoleUser>`)
    }

    return error(400, 'InvalidAction', `Could not find operation ${action}`)
  })
  return {...server, calls}
}

function ok(action: string, result: string) {
  return {
    status: 200,
    contentType: 'text/xml',
    body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></${action}Response>`,
  }
}

function error(status: number, code: string, message: string) {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`,
  }
}
