/**
 * The one client factory. Every request the tool sends goes through a client made here, so signing, retries,
 * timeouts, TLS policy and the redacted debug log are decided once.
 */
import type {ApiResponse, Connection, Transport} from '@opensearch-project/opensearch'
import type {TransportRequestOptions, TransportRequestParams} from '@opensearch-project/opensearch/lib/Transport.js'

import {AossError} from '../errors.js'
import {checkAnswer, checkStreamAnswer} from './answer-check.js'
import {guardedConnection} from './guarded-connection.js'
import {redactHeaders, redactText} from './redact.js'
import {isMarkedNotIdempotent, isRetryable, isRetryableWhenNotIdempotent, noticeRetry, rememberPolicy, requestPolicy, type RetryPolicy, withRetry} from './retry.js'
import {assumeRole} from './assume-role.js'
import type {CredentialProvider} from './credentials.js'
import type {ConnectionSettings} from './settings.js'
import {type StreamResult, throwOnErrorStatus} from './stream-response.js'
import {type Client, transportClient} from './transport-client.js'

export type {AwsCredentials, CredentialProvider} from './credentials.js'

export interface ClientOverrides {
  /**
   * Replaces the AWS default provider chain (tests, the Lambda's own role is already in the chain). With a role in
   * the settings these are the base credentials the role is assumed with.
   */
  credentials?: CredentialProvider
  retry?: Partial<RetryPolicy>
  /** Where debug lines go; stderr when the settings ask for debug output. */
  log?: (line: string) => void
  /** The command's interrupt (SIGINT/SIGTERM): requests in flight are abandoned when it aborts. */
  signal?: AbortSignal
}

export type {Client} from './transport-client.js'

export async function createClient(settings: ConnectionSettings, overrides: ClientOverrides = {}): Promise<Client> {
  const log = overrides.log ?? (settings.debug ? (line: string) => process.stderr.write(`${line}\n`) : undefined)
  const secrets = [settings.password]

  // Loaded here, not at the top: `--help` must not pay for the client.
  let BaseConnection: typeof Connection
  let BaseTransport: typeof Transport
  if (settings.auth === 'sigv4') {
    const {AwsSigv4Signer} = await import('@opensearch-project/opensearch/aws-v3')
    const base = overrides.credentials ?? (await defaultCredentials(settings.profile))
    // Role chaining: the base credentials (the chain, or a test's) only ask STS for the role's keys, which sign.
    const provider = settings.role ? await assumeRole(base, settings.role, settings.region as string) : base
    const signer = AwsSigv4Signer({
      region: settings.region as string,
      service: settings.service,
      getCredentials: async () => {
        const credentials = await provider()
        secrets.push(credentials.secretAccessKey, credentials.sessionToken)
        return credentials
      },
    })
    BaseConnection = signer.Connection as unknown as typeof Connection
    BaseTransport = signer.Transport as unknown as typeof Transport
  } else {
    const [connection, transport] = await Promise.all([
      import('@opensearch-project/opensearch/lib/Connection.js') as unknown as Promise<{default: typeof Connection}>,
      import('@opensearch-project/opensearch/lib/Transport.js') as unknown as Promise<{default: typeof Transport}>,
    ])
    BaseConnection = connection.default
    BaseTransport = transport.default
  }

  const policy = requestPolicy(settings.maxRetries, overrides.retry)
  const Guarded = guardedConnection(BaseConnection, settings.requestTimeoutMs, overrides.signal)
  const client = await transportClient({
    node: settings.endpoint,
    Connection: log ? loggingConnection(Guarded, log) : Guarded,
    Transport: retryingTransport(BaseTransport, policy, log, overrides.signal),
    // Our own retry loop owns retries: the client's would retry at once, without back-off, and never on 429.
    maxRetries: 0,
    requestTimeout: settings.requestTimeoutMs,
    // Gzip request bodies break AOSS's payload checksum (aoss-facts §1, [S30]).
    suggestCompression: false,
    ssl: {rejectUnauthorized: !settings.insecure},
    ...(settings.auth === 'basic' ? {auth: {username: settings.username as string, password: settings.password as string}} : {}),
  })
  rememberPolicy(client, policy)
  if (log) {
    client.on('response', (error: unknown, result: ApiResponse | null) => {
      const params = result?.meta?.request?.params
      const status = result?.statusCode ?? (error as {name?: string})?.name ?? 'error'
      const line = `aoss:http ← ${status} ${params?.method ?? ''} ${params?.path ?? ''}`
      log(redactText(line, secrets))
    })
  }

  return client
}

async function defaultCredentials(profile?: string): Promise<CredentialProvider> {
  // The standard chain: environment, SSO, shared files (honouring the profile), process, web identity,
  // container and instance metadata.
  const {fromNodeProviderChain} = await import('@aws-sdk/credential-providers')
  const chain = fromNodeProviderChain(profile ? {profile} : {})
  return async () => {
    try {
      return await chain()
    } catch (error) {
      throw new AossError('NO_CREDENTIALS', `no AWS credentials found${profile ? ` for profile "${profile}"` : ''}`, {
        cause: error,
        hints: [
          'Run `aws configure` or `aws sso login`, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
          'For a cluster without IAM, pass --auth basic or --auth none.',
        ],
      })
    }
  }
}

type RequestCallback = (error: unknown, result: ApiResponse) => void

/** Wraps the (possibly signing) transport in our retry loop; each attempt is signed anew. */
function retryingTransport(Base: typeof Transport, policy: RetryPolicy, log?: (line: string) => void, signal?: AbortSignal): typeof Transport {
  class RetryingTransport extends Base {
    // @ts-expect-error one implementation serves both of the base class's overloads
    override request(
      params: TransportRequestParams,
      options?: TransportRequestOptions | RequestCallback,
      callback?: RequestCallback,
    ) {
      if (typeof options === 'function') {
        callback = options
        options = {}
      }

      const requestOptions = {...options, maxRetries: 0}
      const attempt = async () => {
        const result = (await super.request(params, requestOptions)) as unknown as ApiResponse
        // A streamed answer arrives before the client checks its status: check it here, inside the retry loop.
        if (requestOptions.asStream) {
          await throwOnErrorStatus(result as unknown as StreamResult, requestOptions.ignore)
          checkStreamAnswer(result as unknown as StreamResult)
        } else {
          checkAnswer(result as unknown as StreamResult, params.method)
        }

        return result
      }

      const promise = withRetry(attempt, policy, {
        signal,
        retryable: isMarkedNotIdempotent(options) ? isRetryableWhenNotIdempotent : isRetryable,
        onRetry(error, n, wait) {
          noticeRetry(options, error)
          log?.(`aoss:http retry ${n}/${policy.maxRetries} in ${wait} ms after ${describe(error)} ${params.method} ${params.path}`)
        },
      })
      if (callback) {
        const done = callback
        promise.then(
          (result) => done(null, result),
          (error: {meta?: ApiResponse}) => done(error, error?.meta as ApiResponse),
        )
        return {abort() {}}
      }

      return Object.assign(promise, {abort() {}})
    }
  }

  return RetryingTransport as unknown as typeof Transport
}

/** Logs each request as it leaves, signed headers included but redacted. */
function loggingConnection(Base: typeof Connection, log: (line: string) => void): typeof Connection {
  class LoggingConnection extends Base {
    override buildRequestObject(params: unknown) {
      const request = super.buildRequestObject(params)
      const target = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}`
      log(`aoss:http → ${request.method} ${target} ${JSON.stringify(redactHeaders(request.headers as Record<string, unknown>))}`)
      return request
    }
  }

  return LoggingConnection as unknown as typeof Connection
}

function describe(error: unknown): string {
  const e = error as {name?: string, meta?: {statusCode?: number}, message?: string}
  return e?.meta?.statusCode ? `${e.meta.statusCode}` : `${e?.name ?? 'error'}: ${e?.message ?? ''}`
}
