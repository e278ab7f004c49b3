import {expect} from 'chai'

import {toAossError} from '../../../src/lib/connection/translate.js'
import {AossError, doctorHintFor, ExitCode} from '../../../src/lib/errors.js'

const response = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error('Response Error'), {name: 'ResponseError', meta: {statusCode: status, body, headers}})
const connection = (message: string) => Object.assign(new Error(message), {name: 'ConnectionError'})

describe('error translation', () => {
  const cases: Array<[string, unknown, AossError['code'], number]> = [
    ['refused', connection('connect ECONNREFUSED 127.0.0.1:9200'), 'UNREACHABLE', ExitCode.unreachable],
    ['unknown host', connection('getaddrinfo ENOTFOUND nope.example'), 'UNREACHABLE', ExitCode.unreachable],
    ['bad certificate', connection('self-signed certificate in certificate chain'), 'TLS', ExitCode.unreachable],
    ['timeout', Object.assign(new Error('Request timed out'), {name: 'TimeoutError'}), 'TIMEOUT', ExitCode.unreachable],
    ['no credentials', Object.assign(new Error('Could not load credentials from any providers'), {name: 'CredentialsProviderError'}), 'NO_CREDENTIALS', ExitCode.auth],
    [
      'signature mismatch',
      response(403, {message: 'The request signature we calculated does not match the signature you provided.'}),
      'SIGNATURE',
      ExitCode.auth,
    ],
    [
      'AOSS data access denied',
      response(403, {status: 403, 'request-id': 'r-1', error: {reason: '403 Forbidden', type: 'Forbidden'}}, {'x-aoss-response-hint': 'X01:gw-helper-deny', server: 'aoss-amazon'}),
      'FORBIDDEN',
      ExitCode.auth,
    ],
    ['basic auth missing', response(401, {error: 'unauthorized'}), 'UNAUTHORIZED', ExitCode.auth],
    [
      'index not found',
      response(404, {error: {type: 'index_not_found_exception', reason: 'no such index [nope]', index: 'nope', root_cause: [{type: 'index_not_found_exception', reason: 'no such index [nope]'}]}, status: 404}),
      'INDEX_NOT_FOUND',
      ExitCode.notFound,
    ],
    ['throttled', response(429, {error: 'too many requests'}), 'THROTTLED', ExitCode.throttled],
    ['mapping conflict', response(400, {error: {type: 'mapper_parsing_exception', reason: 'failed to parse field [price] of type [float]', root_cause: [{type: 'mapper_parsing_exception', reason: 'failed to parse field [price] of type [float]'}]}}), 'BAD_REQUEST', ExitCode.usage],
    ['payload too large', response(413, {Message: 'Request size exceeded 10485760 bytes'}), 'BAD_REQUEST', ExitCode.usage],
    ['server error', response(500, {error: {type: 'exception', reason: 'boom'}}), 'SERVER', ExitCode.unexpected],
  ]

  for (const [name, raw, code, exit] of cases) {
    it(`${name} → ${code}, exit ${exit}, with a hint or a reason`, () => {
      const error = toAossError(raw, {endpoint: 'https://x', index: 'nope'})
      expect(error.code).to.equal(code)
      expect(error.exitCode).to.equal(exit)
      expect(error.message).to.not.contain('\n')
      expect(error.hints.length > 0 || /: \S/.test(error.message), error.message).to.equal(true)
    })
  }

  it('tells AOSS users about the data access policy and aoss:APIAccessAll', () => {
    const error = toAossError(response(403, {status: 403, error: {reason: '403 Forbidden', type: 'Forbidden'}}, {'x-aoss-response-hint': 'X01:gw-helper-deny'}))
    expect(error.hints.join(' ')).to.contain('data access policy').and.to.contain('aoss:APIAccessAll').and.to.contain('minute')
    expect(error.details).to.include({aossResponseHint: 'X01:gw-helper-deny'})
  })

  it('ends every access failure with a pointer to aoss doctor, named for the job when there is one', () => {
    const access = cases.filter(([, , , exit]) => exit === ExitCode.auth)
    expect(access.length).to.be.greaterThan(3)
    for (const [name, raw] of access) {
      const error = toAossError(raw)
      expect(error.hints.at(-1), name).to.equal('Run `aoss doctor` to name the cause.')
      expect(doctorHintFor(error, 'export').hints.at(-1), name).to.equal('Run `aoss doctor --for export` to name the cause.')
    }

    expect(toAossError(response(404, {})).hints.join(' ')).to.not.contain('doctor')
  })

  it('shows the server reason for a rejected query, not a stack', () => {
    const error = toAossError(response(400, {error: {root_cause: [{type: 'parsing_exception', reason: 'unknown query [matchh]'}], type: 'parsing_exception', reason: 'unknown query [matchh]'}}))
    expect(error.message).to.contain('parsing_exception: unknown query [matchh]')
  })

  it('says plain HTTP, not --insecure, when https:// meets an http server', () => {
    const error = toAossError(connection('write EPROTO 40A8D8F7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), {endpoint: 'https://127.0.0.1:9200'})
    expect(error.exitCode).to.equal(ExitCode.unreachable)
    expect(error.hints.join(' ')).to.include('http://')
    expect(error.hints.join(' ')).not.to.match(/pass --insecure/)
  })

  it('names no flag a command may not have when throttled', () => {
    const error = toAossError(response(429, {error: 'too many requests'}))
    expect(error.exitCode).to.equal(ExitCode.throttled)
    expect(error.hints.join(' ')).not.to.include('--concurrency')
  })

  it('reads a body that stopped coming as a timeout', () => {
    const error = toAossError(connection('timed out while reading the body (1000 ms)'))
    expect(error.code).to.equal('TIMEOUT')
  })

  it('never shows user info of the endpoint it names', () => {
    const error = toAossError(connection('connect ECONNREFUSED'), {endpoint: 'http://admin:LeakMe99@127.0.0.1:9'})
    expect(error.message).to.include('http://127.0.0.1:9').and.not.include('LeakMe99')
  })
})
