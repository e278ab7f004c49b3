/**
 * Turns the 4xx answers people cause while working with indexes, documents and queries into one readable line.
 * Everything else, and the shape of the error, still comes from the one translator (`toAossError`); this only
 * sharpens the message and the hint for answers whose meaning is known.
 */
import {toAossError, type TranslateContext} from './connection/translate.js'
import {AossError, ExitCode} from './errors.js'

interface ServerErrorBody {
  type?: string
  reason?: string
  index?: string
  root_cause?: ServerErrorBody[]
  caused_by?: ServerErrorBody
  failed_shards?: Array<{reason?: ServerErrorBody}>
}

/** What the request was about; decides which hints make sense. */
export type RefusalTopic = 'index' | 'document' | 'search'

export interface RefusalContext extends TranslateContext {
  topic: RefusalTopic
}

/** The error type and the most specific reason in an OpenSearch error body. */
export function refusalOf(error: unknown): {status?: number, type?: string, reason?: string} {
  const meta = (error as {meta?: {statusCode?: number, body?: unknown}})?.meta
  const body = meta?.body as {error?: ServerErrorBody | string} | undefined
  const top = typeof body?.error === 'object' ? body.error : undefined
  if (!top) return {status: meta?.statusCode}
  const root = top.root_cause?.[0] ?? top.failed_shards?.[0]?.reason
  // The deepest caused_by usually names the real problem ("For input string: \"abc\"").
  let deepest: ServerErrorBody | undefined = root?.caused_by ?? top.caused_by
  while (deepest?.caused_by) deepest = deepest.caused_by
  const type = root?.type ?? top.type
  const first = root?.reason ?? top.reason
  const last = deepest?.reason
  const reason = first && last && !first.includes(last) ? `${first}: ${last}` : first ?? last
  return {status: meta?.statusCode, type, reason}
}

export function explainRefusal(error: unknown, context: RefusalContext): AossError {
  const base = toAossError(error, context)
  if (base.statusCode !== 400 && base.statusCode !== 409) return base
  const {type = '', reason = ''} = refusalOf(error)
  const doing = context.action ? `${context.action}: ` : ''
  const describeIndex = `\`aoss index get ${context.index ?? '<index>'}\``
  const make = (code: AossError['code'], message: string, hints: string[], exitCode?: AossError['exitCode']) =>
    new AossError(code, `${doing}${message}`, {cause: error, hints, statusCode: base.statusCode, details: {...base.details, type}, exitCode})

  if (/Document ID is not supported/i.test(reason)) {
    return make('UNSUPPORTED', 'this collection does not accept custom document ids (time-series and vector search collections assign their own)', [
      'Leave out --id; the server generates one and prints it.',
    ])
  }

  if (type === 'resource_already_exists_exception') {
    return make('CONFLICT', `index ${context.index ?? ''} already exists`.replace('  ', ' '), ['Pass --if-not-exists to accept an existing index, or pick another name.'], ExitCode.usage)
  }

  if (type === 'invalid_index_name_exception') {
    return make('USAGE', `invalid index name: ${reason}`, ['Index names are lower case, without spaces or \\ / * ? " < > | , #, and do not start with _ - +.'])
  }

  if (type === 'version_conflict_engine_exception') {
    return make('CONFLICT', `version conflict: ${reason}`, ['Someone else changed the document; read it again with `aoss doc get` and retry.'])
  }

  if (context.topic === 'index' && /mapper|mapping|settings/.test(`${type} ${reason}`)) {
    return make('BAD_REQUEST', `mapping or settings rejected: ${reason}`, [
      'Check field types and parameters in --mappings/--settings; an existing field cannot change its type.',
    ])
  }

  if (context.topic === 'document' && /strict_dynamic_mapping_exception/.test(type)) {
    return make('BAD_REQUEST', `document rejected: ${reason}`, ['The index mapping is strict: add the field to the mapping first, or leave it out.'])
  }

  if (context.topic === 'document' && /mapper|parsing|illegal_argument/.test(type)) {
    return make('BAD_REQUEST', `document rejected, it conflicts with the index mapping: ${reason}`, [
      `${describeIndex} shows each field's type; send values of that type.`,
    ])
  }

  if (context.topic === 'search') {
    if (/Result window is too large/i.test(reason)) {
      return make('BAD_REQUEST', 'cannot page that deep with --from: from + size must stay within 10,000', [
        'Sort with --sort and pass the last hit\'s sort values to --search-after to page further.',
      ])
    }

    if (/Text fields are not optimised/i.test(reason)) {
      const field = /\[([^\]]+)\] in order to load field data/.exec(reason)?.[1]
      return make('BAD_REQUEST', `cannot sort or aggregate on the text field ${field ?? ''}`.trim(), [
        `Sort on a keyword field or keyword sub-field instead${field ? `, e.g. --sort ${field}.keyword` : ''}; ${describeIndex} lists them.`,
      ])
    }

    return make('BAD_REQUEST', `query rejected: ${type ? `${type}: ` : ''}${reason || 'the server did not say why'}`, [
      `Check field names and value types (${describeIndex}), or the query DSL syntax.`,
    ])
  }

  return base
}
