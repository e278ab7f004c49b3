/**
 * What one `_bulk` item's answer means for the document behind it.
 *
 * AOSS answers throttling with HTTP 200 and per-item statuses (aoss-facts §2, §7): 429 when throttled, 402
 * `service_quota_exceeded_exception` when the OCU ceiling is reached. Both pass, as do 5xx and
 * `es_rejected_execution_exception` (a full write queue on managed clusters), so they are retried. A fresh AOSS
 * index answers `index_not_found_exception` for a while after its creation was acknowledged (§2, [S29]), so that
 * is retried too. Everything else (mapping errors, bad documents) would fail the same way again: it is final.
 */

export interface ItemError {
  status: number
  type?: string
  reason?: string
}

export type ItemOutcome =
  | {kind: 'ok'}
  /** Transient: send again after a back-off. `throttle` says the server asked us to slow down. */
  | {kind: 'retry', error: ItemError, throttle: boolean}
  /** AOSS time-series and vector collections refuse custom `_id`s (aoss-facts §2, [S25][S26]). */
  | {kind: 'id-refused', error: ItemError}
  | {kind: 'rejected', error: ItemError}

interface RawItemResult {
  status?: number
  error?: {type?: string, reason?: string, caused_by?: {type?: string, reason?: string}} | string
}

const ID_REFUSED = /document id is not supported/i

export function classifyItem(item: Record<string, RawItemResult> | undefined): ItemOutcome {
  const result = item ? Object.values(item)[0] : undefined
  const status = result?.status ?? 0
  if (result && !result.error && status >= 200 && status < 300) return {kind: 'ok'}

  const error = itemError(status, result?.error)
  if (status === 429 || status === 402 || error.type === 'es_rejected_execution_exception') {
    return {kind: 'retry', error, throttle: true}
  }

  if (status >= 500 || error.type === 'index_not_found_exception') return {kind: 'retry', error, throttle: false}
  if (ID_REFUSED.test(error.reason ?? '')) return {kind: 'id-refused', error}
  return {kind: 'rejected', error}
}

function itemError(status: number, raw: RawItemResult['error']): ItemError {
  if (raw === undefined) return {status, reason: status ? `status ${status}` : 'no answer for this item'}
  if (typeof raw === 'string') return {status, reason: raw}
  const cause = raw.caused_by?.reason && raw.caused_by.reason !== raw.reason ? ` (${raw.caused_by.reason})` : ''
  return {status, type: raw.type, reason: `${raw.reason ?? raw.type ?? 'rejected'}${cause}`}
}
