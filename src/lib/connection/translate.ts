/**
 * The one translator from client and network failures to AossError. No command looks at a raw client error.
 */
import {AossError, isAossError} from '../errors.js'
import type {NotOpenSearchError} from './answer-check.js'
import {BODY_TIMEOUT} from './guarded-connection.js'
import {redactUrl} from './redact.js'

interface RawClientError {
  name?: string
  message?: string
  code?: string
  meta?: {
    statusCode?: number | null
    headers?: Record<string, string | string[] | undefined> | null
    body?: unknown
    meta?: {request?: {params?: {method?: string, path?: string}}}
  }
  cause?: unknown
}

export interface TranslateContext {
  endpoint?: string
  index?: string
  /** What was being done, for the message: "searching inventory". */
  action?: string
}

// OpenSSL's words when an https:// request meets a plain-HTTP server.
const PLAIN_HTTP = /wrong version number|EPROTO|packet length too long|http request/i
const TLS_CODES = /CERT|SSL|TLS|self[- ]signed|UNABLE_TO_VERIFY|DEPTH_ZERO|unable to get local issuer/i

export function toAossError(error: unknown, context: TranslateContext = {}): AossError {
  if (isAossError(error)) return error
  const e = (error ?? {}) as RawClientError
  const where = context.endpoint ? ` ${redactUrl(context.endpoint)}` : ''
  const doing = context.action ? `${context.action}: ` : ''

  if (e.name === 'NotOpenSearchError') return notOpenSearch(error as NotOpenSearchError, where, doing)

  if (e.name === 'ConnectionError' && BODY_TIMEOUT.test(e.message ?? '')) return timedOut(error, where, doing)

  if (e.name === 'ConnectionError' || e.name === 'NoLivingConnectionsError') {
    const message = e.message ?? ''
    if (PLAIN_HTTP.test(message)) {
      return new AossError('TLS', `${doing}TLS handshake failed${where ? ` with${where}` : ''}: the server answered in plain HTTP`, {
        cause: error,
        hints: ['Use http:// instead of https:// in the endpoint (-e / OPENSEARCH_URL); --insecure would not help.'],
      })
    }

    if (TLS_CODES.test(message)) {
      return new AossError('TLS', `${doing}TLS verification failed for${where}: ${message}`, {
        cause: error,
        hints: ['Check the endpoint URL; only for a test cluster with a self-signed certificate, pass --insecure.'],
      })
    }

    return new AossError('UNREACHABLE', `${doing}cannot reach${where}: ${message || 'connection failed'}`, {
      cause: error,
      hints: ['Check the endpoint (-e / OPENSEARCH_URL), your network or VPN, and that the cluster or collection exists.'],
    })
  }

  if (e.name === 'TimeoutError') return timedOut(error, where, doing)

  if (e.name === 'ResponseError') return fromResponse(e, context, doing)

  if (e.name === 'AwsSigv4SignerError' || e.name === 'CredentialsProviderError') {
    return new AossError('NO_CREDENTIALS', `${doing}${e.message}`, {
      cause: error,
      hints: ['Configure AWS credentials (aws configure / aws sso login / AWS_PROFILE), or pass --auth none|basic.'],
    })
  }

  if (e.name === 'DeserializationError') {
    return new AossError('SERVER', `${doing}the server answered with something that is not JSON`, {
      cause: error,
      hints: ['Is the endpoint an OpenSearch cluster or AOSS collection (not a dashboard or proxy login page)?'],
    })
  }

  if (e.name === 'AbortError' || e.name === 'RequestAbortedError') {
    return new AossError('UNEXPECTED', `${doing}aborted`, {cause: error})
  }

  return new AossError('UNEXPECTED', `${doing}${e.message ?? String(error)}`, {cause: error})
}

function timedOut(error: unknown, where: string, doing: string): AossError {
  return new AossError('TIMEOUT', `${doing}request timed out${where ? ` talking to${where}` : ''}`, {
    cause: error,
    hints: ['Raise --timeout, or lower --batch-size for large pages.'],
  })
}

function notOpenSearch(error: NotOpenSearchError, where: string, doing: string): AossError {
  const details = {status: error.statusCode, ...(error.contentType ? {contentType: error.contentType} : {}), ...(error.location ? {location: error.location} : {})}
  if (error.location !== undefined) {
    return new AossError('NOT_OPENSEARCH', `${doing}${where ? where.trim() : 'the endpoint'} redirected (${error.statusCode}) to ${error.location}, not OpenSearch — is the URL right?`, {
      cause: error,
      statusCode: error.statusCode,
      details,
      hints: ['Redirects are never followed: use the address OpenSearch itself answers on (-e / OPENSEARCH_URL).'],
    })
  }

  return new AossError('NOT_OPENSEARCH', `${doing}${where ? where.trim() : 'the endpoint'} answered ${error.contentType ?? 'a body that is not JSON'}, not OpenSearch — is the URL right?`, {
    cause: error,
    statusCode: error.statusCode,
    details,
    hints: ['A login page, captive portal, proxy or another service on that port answered; check the endpoint (-e / OPENSEARCH_URL) and its port.'],
  })
}

function fromResponse(e: RawClientError, context: TranslateContext, doing: string): AossError {
  const status = e.meta?.statusCode ?? 0
  const headers = e.meta?.headers ?? {}
  const body = e.meta?.body as Record<string, any> | string | undefined
  const reason = serverReason(body)
  const aossHint = headerValue(headers['x-aoss-response-hint'])
  const serverless = aossHint !== undefined || headerValue(headers.server) === 'aoss-amazon'
  const details: Record<string, unknown> = {status}
  if (aossHint) details.aossResponseHint = aossHint
  const requestId = typeof body === 'object' && body ? body['request-id'] : undefined
  if (requestId) details.requestId = requestId

  if (status === 401) {
    return new AossError('UNAUTHORIZED', `${doing}authentication required (401)${reason ? `: ${reason}` : ''}`, {
      statusCode: status,
      details,
      hints: ['Check OPENSEARCH_USERNAME / OPENSEARCH_PASSWORD, or use --auth sigv4 for an AWS endpoint.'],
    })
  }

  if (status === 403) {
    const signature = /signature|credential should be scoped|security token|Signature expired|not yet current/i.test(reason ?? '')
    if (signature) {
      return new AossError('SIGNATURE', `${doing}request signature rejected: ${reason}`, {
        statusCode: status,
        details,
        hints: [
          'Check --region and --service (aoss for collections, es for domains) and that the machine clock is right.',
        ],
      })
    }

    if (serverless) {
      return new AossError('FORBIDDEN', `${doing}access denied by OpenSearch Serverless (403${aossHint ? `, ${aossHint}` : ''})`, {
        statusCode: status,
        details,
        hints: [
          "The collection's data access policy must name this IAM principal, and IAM must allow aoss:APIAccessAll.",
          'Policy changes take up to a minute to apply. A wrong --region or --service also ends here.',
        ],
      })
    }

    return new AossError('FORBIDDEN', `${doing}access denied (403)${reason ? `: ${reason}` : ''}`, {
      statusCode: status,
      details,
      hints: ["Check the domain's access policy or fine-grained access control role mapping for this principal."],
    })
  }

  if (status === 404) {
    const type = typeof body === 'object' && body ? body.error?.type : undefined
    if (type === 'index_not_found_exception') {
      const index = body && typeof body === 'object' ? body.error?.index ?? context.index : context.index
      return new AossError('INDEX_NOT_FOUND', `${doing}index not found: ${index ?? 'unknown'}`, {
        statusCode: status,
        details: {...details, index},
        hints: ['`aoss index list` (or `aoss health`) lists the indexes.'],
      })
    }

    return new AossError('NOT_FOUND', `${doing}not found (404)${reason ? `: ${reason}` : ''}`, {
      statusCode: status,
      details,
      hints: serverless ? ['OpenSearch Serverless answers 404 for APIs it does not have (scroll, _refresh, _cluster/*).'] : [],
    })
  }

  if (status === 409) {
    return new AossError('CONFLICT', `${doing}conflict: ${reason ?? 'version conflict'}`, {statusCode: status, details})
  }

  if (status === 413) {
    return new AossError('BAD_REQUEST', `${doing}request too large: ${reason ?? '413'}`, {
      statusCode: status,
      details,
      hints: ['Lower --batch-bytes (or the document size); AWS limits HTTP payloads to 10 MiB on many instance types.'],
    })
  }

  if (status === 429) {
    return new AossError('THROTTLED', `${doing}throttled by the server after retries (429)`, {
      statusCode: status,
      details,
      hints: ['Try again later, send less at once where the command allows it (see its --help), or raise the collection’s maximum OCU capacity.'],
    })
  }

  if (status >= 400 && status < 500) {
    return new AossError('BAD_REQUEST', `${doing}the server refused the request (${status})${reason ? `: ${reason}` : ''}`, {
      statusCode: status,
      details,
    })
  }

  return new AossError('SERVER', `${doing}server error (${status || 'no status'})${reason ? `: ${reason}` : ''}`, {
    statusCode: status,
    details,
    hints: status === 502 || status === 503 || status === 504 ? ['The service stayed unavailable through every retry; try again later.'] : [],
  })
}

/** The most specific human reason OpenSearch (or an AWS gateway) put in an error body. */
export function serverReason(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined
  if (typeof body === 'string') return body.slice(0, 300)
  const b = body as Record<string, any>
  const error = b.error
  if (typeof error === 'string') return error
  if (error && typeof error === 'object') {
    const root = Array.isArray(error.root_cause) && error.root_cause.length > 0 ? error.root_cause[0] : undefined
    const caused = error.caused_by?.reason
    const pick = root?.reason ?? error.reason ?? caused
    const type = root?.type ?? error.type
    if (pick && type && !/Forbidden/.test(String(type))) return `${type}: ${pick}`
    if (pick) return String(pick)
  }

  if (typeof b.message === 'string') return b.message
  if (typeof b.Message === 'string') return b.Message
  return undefined
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
