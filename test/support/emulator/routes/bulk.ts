/**
 * `_bulk`: NDJSON in, one item per action out, in order. Failures are per item with an overall
 * 200 and `errors: true`, as OpenSearch and AOSS answer [S25][S27][S28].
 */
import {illegalArgument, OpenSearchError} from '../errors.js'
import type {Reply, RequestContext} from '../http.js'
import type {FaultSpec} from '../types.js'
import {deleteDoc, indexDoc, updateDoc, type WriteResult} from '../writes.js'
import {refreshParam} from './params.js'

type Obj = Record<string, unknown>
const ACTIONS = new Set(['index', 'create', 'update', 'delete'])

/** The per-item error a bulk-item-status fault stands for. 402 is AOSS's OCU ceiling [S28]; the 429 type is OpenSearch's. */
function injectedError(status: number): Obj {
  if (status === 402) return {type: 'service_quota_exceeded_exception', reason: 'maximum OCU capacity reached'}
  if (status === 429) return {type: 'rejected_execution_exception', reason: 'rejected execution of coordinating operation'}
  return {type: 'exception', reason: 'Internal failure'}
}

function itemJson(action: string, result: WriteResult): string {
  return `{${JSON.stringify(action)}:${JSON.stringify({...result.body, status: result.status})}}`
}

function errorItem(action: string, index: string, id: string | undefined, status: number, error: unknown): string {
  return `{${JSON.stringify(action)}:${JSON.stringify({_index: index, _id: id ?? null, status, error})}}`
}

export function bulk(ctx: RequestContext): Reply {
  const started = Date.now()
  const text = ctx.text()
  if (text.length > 0 && !text.endsWith('\n')) throw illegalArgument('The bulk request must be terminated by a newline [\\n]')
  const lines = text.split('\n')
  const refresh = refreshParam(ctx)
  const fault: Extract<FaultSpec, {type: 'bulk-item-status'}> | undefined = ctx.fault?.type === 'bulk-item-status' ? ctx.fault : undefined
  const items: string[] = []
  let errors = false
  let lineNo = 0
  while (lineNo < lines.length) {
    const actionLine = lines[lineNo++]!
    if (actionLine.trim() === '') continue
    let parsed: Obj
    try {
      parsed = JSON.parse(actionLine) as Obj
    } catch {
      throw illegalArgument(`Malformed action/metadata line [${lineNo}], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]`)
    }
    const action = Object.keys(parsed)[0] ?? ''
    if (!ACTIONS.has(action)) {
      throw illegalArgument(`Malformed action/metadata line [${lineNo}], expected field [create], [delete], [index] or [update] but found [${action}]`)
    }
    const meta = (parsed[action] ?? {}) as Obj
    const index = String(meta._index ?? ctx.params.index ?? '')
    const id = meta._id === undefined || meta._id === null ? undefined : String(meta._id)
    let sourceLine = ''
    if (action !== 'delete') {
      if (lineNo >= lines.length || lines[lineNo]!.trim() === '') throw illegalArgument(`Validation Failed: 1: no requests added;`)
      sourceLine = lines[lineNo++]!
    }
    const n = items.length + 1
    if (fault !== undefined && n % (fault.everyNthItem ?? 1) === 0) {
      errors = true
      items.push(errorItem(action, index, id, fault.status, injectedError(fault.status)))
      continue
    }
    try {
      if (index === '') throw illegalArgument('index is missing')
      items.push(itemJson(action, runAction(ctx, action, index, id, sourceLine, refresh)))
    } catch (error) {
      if (!(error instanceof OpenSearchError)) throw error
      errors = true
      items.push(errorItem(action, index, id, error.status, error.detail))
    }
  }
  return {status: 200, body: `{"took":${Date.now() - started},"errors":${errors},"items":[${items.join(',')}]}`}
}

function runAction(ctx: RequestContext, action: string, index: string, id: string | undefined, sourceLine: string, refresh: boolean): WriteResult {
  if (action === 'delete') {
    if (id === undefined) throw illegalArgument('id is missing')
    return deleteDoc(ctx.core, index, id, refresh)
  }
  let source: Obj
  try {
    source = JSON.parse(sourceLine) as Obj
  } catch (error) {
    throw new OpenSearchError(400, {type: 'mapper_parsing_exception', reason: 'failed to parse', caused_by: {type: 'json_parse_exception', reason: (error as Error).message}})
  }
  if (action === 'update') {
    if (id === undefined) throw illegalArgument('id is missing')
    return updateDoc(ctx.core, index, id, source, refresh)
  }
  return indexDoc(ctx.core, index, id, source, sourceLine.trim(), action === 'create' ? 'create' : 'index', refresh)
}
