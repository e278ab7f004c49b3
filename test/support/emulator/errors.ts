/**
 * OpenSearch error bodies. Every route throws `OpenSearchError`; the server turns it into a reply,
 * and `_bulk` turns it into a per-item error.
 */

export type ErrorCause = {type: string; reason: string; [extra: string]: unknown}

export class OpenSearchError extends Error {
  constructor(
    readonly status: number,
    readonly detail: ErrorCause,
    /** Outer error when it differs from the root cause (search_phase_execution_exception wraps shard failures). */
    readonly outer?: ErrorCause & {caused_by?: unknown},
  ) {
    super(detail.reason)
  }

  /** The `{"error": {...}, "status": N}` body OpenSearch sends. */
  toBody(): object {
    const outer = this.outer ?? this.detail
    return {error: {root_cause: [this.detail], ...outer}, status: this.status}
  }
}

export function osError(status: number, type: string, reason: string, extra: Record<string, unknown> = {}): OpenSearchError {
  return new OpenSearchError(status, {type, reason, ...extra})
}

export const illegalArgument = (reason: string): OpenSearchError => osError(400, 'illegal_argument_exception', reason)

export const parsingError = (reason: string): OpenSearchError => osError(400, 'parsing_exception', reason, {line: 1, col: 1})

export function indexNotFound(index: string): OpenSearchError {
  return osError(404, 'index_not_found_exception', `no such index [${index}]`, {
    index,
    'resource.id': index,
    'resource.type': 'index_or_alias',
    index_uuid: '_na_',
  })
}

/** Search failures are wrapped: root cause per shard, outer search_phase_execution_exception. */
export function searchPhaseError(status: number, cause: ErrorCause, index: string | null): OpenSearchError {
  return new OpenSearchError(status, cause, {
    type: 'search_phase_execution_exception',
    reason: 'all shards failed',
    phase: 'query',
    grouped: true,
    failed_shards: [{shard: index === null ? -1 : 0, index, node: index === null ? null : 'emulator-node', reason: cause}],
    caused_by: cause,
  })
}

export function searchContextMissing(id: string): OpenSearchError {
  return searchPhaseError(404, {type: 'search_context_missing_exception', reason: `No search context found for id [${id}]`}, null)
}
