/**
 * The `_bulk` writer: byte-sized batches, N requests in flight, retries of only the items that failed, and a
 * dead letter with the reason for every document the server refused for good.
 *
 * Why not `client.helpers.bulk`: it retries only per-item 429 and hands every other failure to `onDrop`, so
 * AOSS's per-item 402 (OCU ceiling) and 5xx would be dropped; its concurrency is fixed, so it cannot back off
 * when a collection throttles; and it cannot notice that a time-series collection refuses custom ids and resend
 * those items without them. A small batcher over `client.transport.request` does all of that in one place, and
 * requests still go through the one client (signing, timeouts, request-level retries of 429/502-504/resets).
 *
 * Memory: at most `concurrency` batches in flight plus the one being filled, i.e. about
 * (concurrency + 1) × batchBytes (≈ 25 MiB with the defaults).
 */
import {setTimeout as sleep} from 'node:timers/promises'

import type {Client} from '../connection/client.js'
import {indexPath} from '../connection/paths.js'
import {backoffMs, NOT_IDEMPOTENT, policyOf, reportThrottles, type RetryPolicy, statusOf} from '../connection/retry.js'
import {toAossError} from '../connection/translate.js'
import {AossError} from '../errors.js'
import {AimdLimit} from '../flow/aimd.js'
import {FlowGate} from '../flow/gate.js'
import {batchDocs} from './bulk-batches.js'
import {type BulkDoc, bulkBody, withIdField} from './bulk-doc.js'
import {classifyItem, type ItemError} from './bulk-items.js'
import {DeadLetterMemory, type DeadLetterSink} from './dead-letter.js'

/** keep: send `_id`s; drop: never send them; auto: keep them unless the target refuses custom ids. */
export type IdMode = 'keep' | 'drop' | 'auto'

export const DEFAULT_BATCH_BYTES = 5 * 1024 * 1024
export const DEFAULT_BATCH_DOCS = 5000
export const DEFAULT_CONCURRENCY = 4
/** Throttling never shrinks a batch below this (or the configured size, when smaller). */
export const MIN_ADAPTIVE_BATCH_BYTES = 64 * 1024
/**
 * How the writer's limits adapt (flow/aimd.ts): they start at the configured value, so there is nothing to prove
 * by throughput; only throttling cuts them, and after sixteen clean windows at the ceiling a cut left behind they
 * try a step past it, since a Serverless collection throttles while it scales up and takes more afterwards.
 */
const WRITE_LIMIT = {minGain: 0, latencyRise: Number.POSITIVE_INFINITY, retryCeilingAfter: 16}

export interface BulkWriterOptions {
  client: Client
  /** Target index (or alias with a write index); it goes in the URL path. */
  index: string
  /**
   * Largest `_bulk` body in bytes (default 5 MiB). AWS documents 10 MiB as the payload limit of many domains
   * and AWS tooling uses 10 MiB bulks for AOSS (aoss-facts §3); 5 MiB leaves room and keeps retries cheap.
   */
  batchBytes?: number
  /** Most documents per `_bulk` (default 5,000). */
  batchDocs?: number
  /** Most `_bulk` requests in flight (default 4); halved while the server throttles, regained a step at a time. */
  concurrency?: number
  /** Default 'keep'. */
  idMode?: IdMode
  /** Write each document's source `_id` into this field of the document (--id-field). */
  idField?: string
  /**
   * What happens to documents still throttled after every retry: 'dead-letter' (default) writes them there and
   * goes on; 'stop' ends the write with a THROTTLED error and leaves them unsettled, for a caller that can
   * resume (copy) rather than leave a gap.
   */
  exhausted?: 'dead-letter' | 'stop'
  /**
   * Called once per document when its fate is final: acknowledged by the server, or in the dead letter. A caller
   * that checkpoints (copy) moves its position only past documents settled this way. `line` tells them apart.
   */
  onSettled?: (docs: readonly BulkDoc[]) => void
  /** Back-off and the number of re-sends per item (default: the connection's retry policy). */
  retry?: RetryPolicy
  /** Where refused documents go (default: kept in memory, counted only). */
  deadLetter?: DeadLetterSink
  /** Called after every `_bulk` answer. */
  onProgress?: (stats: WriteStats) => void
  /** Called once per event worth telling a person (ids dropped, batch size lowered). */
  onWarning?: (message: string) => void
  signal?: AbortSignal
}

export interface WriteStats {
  /** Documents taken from the source. */
  docs: number
  /** Documents the server acknowledged. */
  written: number
  /** Documents in the dead letter: refused for good, or still throttled after every retry. */
  failed: number
  /** Of `failed`: refused because of the document itself (mapping errors, bad values). */
  rejected: number
  /** Of `failed`: still throttled or failing with 5xx after every retry. */
  gaveUp: number
  /** Item re-sends after a transient failure. */
  retried: number
  /** Items the server throttled (429, 402, es_rejected_execution_exception), counting every time. */
  throttled: number
  /** `_bulk` requests sent. */
  requests: number
  /** Body bytes sent, re-sends included. */
  bytes: number
  /** True when ids were not sent (id mode drop, or auto on a collection that refuses them). */
  idsDropped: boolean
  /** Where adaptive writing stands: requests in flight and batch bytes now, the lowest each went, cuts made. */
  adaptive: {concurrency: number, batchBytes: number, lowestConcurrency: number, lowestBatchBytes: number, cuts: number}
  elapsedMs: number
  docsPerSecond: number
}

type PostResult =
  | {kind: 'items', items: Array<Record<string, {status?: number}>>}
  | {kind: 'too-large', error: ItemError}
  /** The whole request failed in a way worth another try (500, a fresh index not writable yet). */
  | {kind: 'transient', error: unknown}

export class BulkWriter {
  private readonly client: Client
  private readonly index: string
  private readonly bulkPath: string
  private readonly limits: {maxBytes: number, maxDocs: number}
  private readonly batchBytes: AimdLimit
  private readonly concurrency: number
  private readonly idMode: IdMode
  private readonly policy: RetryPolicy
  private readonly deadLetter: DeadLetterSink
  private readonly options: BulkWriterOptions
  private readonly gate: FlowGate
  private dropIds: boolean
  private started = 0
  private failure?: unknown
  private readonly counts = {docs: 0, written: 0, rejected: 0, gaveUp: 0, retried: 0, throttled: 0, requests: 0, bytes: 0}

  constructor(options: BulkWriterOptions) {
    const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES
    const maxDocs = options.batchDocs ?? DEFAULT_BATCH_DOCS
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
    if (!Number.isInteger(batchBytes) || batchBytes < 1024) throw new AossError('USAGE', `--batch-bytes must be at least 1 KiB (got ${batchBytes})`)
    if (!Number.isInteger(maxDocs) || maxDocs < 1) throw new AossError('USAGE', `--batch-docs must be a positive integer (got ${maxDocs})`)
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new AossError('USAGE', `--concurrency must be a positive integer (got ${concurrency})`)
    this.options = options
    this.client = options.client
    this.index = options.index
    this.bulkPath = indexPath(options.index, '_bulk')
    this.limits = {maxBytes: batchBytes, maxDocs}
    // Batches shrink with the requests in flight: a throttled bulk of half the size costs the target half the
    // work, and a re-send half the bytes. They grow back by an eighth after four clean answers in a row.
    this.batchBytes = new AimdLimit({...WRITE_LIMIT, start: batchBytes, max: batchBytes, min: Math.min(batchBytes, MIN_ADAPTIVE_BATCH_BYTES), step: Math.max(1024, Math.floor(batchBytes / 8)), round: 4})
    this.concurrency = concurrency
    this.idMode = options.idMode ?? 'keep'
    this.dropIds = this.idMode === 'drop'
    this.policy = options.retry ?? policyOf(options.client)
    this.deadLetter = options.deadLetter ?? new DeadLetterMemory()
    this.gate = new FlowGate(new AimdLimit({...WRITE_LIMIT, start: concurrency, max: concurrency}))
  }

  /** Writes every document of `docs`; resolves with the stats even when some documents failed. */
  async write(docs: AsyncIterable<BulkDoc>): Promise<WriteStats> {
    this.started = performance.now()
    const counted = this.count(docs)
    // Async generators queue concurrent next() calls, so the workers can share one without a lock.
    const batches = batchDocs(counted, this.limits)
    const worker = async () => {
      try {
        while (this.failure === undefined) {
          this.options.signal?.throwIfAborted()
          const next = await batches.next()
          if (next.done) return
          await this.send(next.value.docs, 0)
        }
      } catch (error) {
        // The other workers stop taking batches; what they have in flight still completes.
        this.failure ??= error
      }
    }

    await Promise.all(Array.from({length: this.concurrency}, worker))
    if (this.failure !== undefined) {
      await batches.return(undefined).catch(() => {})
      throw this.failure
    }

    return this.stats()
  }

  stats(): WriteStats {
    const elapsedMs = this.started ? performance.now() - this.started : 0
    const c = this.counts
    return {
      docs: c.docs,
      written: c.written,
      failed: c.rejected + c.gaveUp,
      rejected: c.rejected,
      gaveUp: c.gaveUp,
      retried: c.retried,
      throttled: c.throttled,
      requests: c.requests,
      bytes: c.bytes,
      idsDropped: this.dropIds,
      adaptive: {
        concurrency: this.gate.limit,
        batchBytes: this.batchBytes.limit,
        lowestConcurrency: this.gate.control.lowest,
        lowestBatchBytes: this.batchBytes.lowest,
        cuts: this.gate.control.cuts,
      },
      elapsedMs: Math.round(elapsedMs),
      docsPerSecond: elapsedMs > 0 ? Math.round((c.written * 1000) / elapsedMs) : 0,
    }
  }

  private async *count(docs: AsyncIterable<BulkDoc>): AsyncGenerator<BulkDoc> {
    const field = this.options.idField
    for await (const doc of docs) {
      this.counts.docs++
      yield field ? withIdField(doc, field) : doc
    }
  }

  /**
   * Sends `docs` until each is written, refused for good, or out of retries. Only the items that failed
   * transiently are sent again; `attempt` counts re-sends of this group.
   */
  private async send(docs: BulkDoc[], attempt: number): Promise<void> {
    let pending = docs
    while (pending.length > 0 && this.failure === undefined) {
      const result = await this.post(pending)
      if (result.kind === 'too-large') {
        await this.split(pending, result.error, attempt)
        return
      }

      const again: BulkDoc[] = []
      const settled: BulkDoc[] = []
      let throttled = false
      let transient = result.kind === 'transient'
      if (result.kind === 'transient') {
        again.push(...pending)
      } else {
        for (const [i, doc] of pending.entries()) {
          const outcome = classifyItem(result.items[i])
          switch (outcome.kind) {
            case 'ok': {
              this.counts.written++
              settled.push(doc)
              break
            }

            case 'retry': {
              again.push(doc)
              transient = true
              if (outcome.throttle) {
                throttled = true
                this.counts.throttled++
              }

              break
            }

            case 'id-refused': {
              this.idsRefused(outcome.error)
              // Not written, so sending it again without an id cannot duplicate it.
              again.push(doc)
              break
            }

            case 'rejected': {
              this.counts.rejected++
              await this.deadLetter.write(this.index, doc, outcome.error)
              settled.push(doc)
              break
            }
          }
        }
      }

      if (settled.length > 0) this.options.onSettled?.(settled)
      this.adapt({sentAt: result.sentAt, docs: pending.length, throttled: throttled || result.throttled})
      this.options.onProgress?.(this.stats())
      if (again.length === 0) return

      if (!transient) {
        // Only id refusals: resend at once, without ids and without using up a retry.
        pending = again
        continue
      }

      if (attempt >= this.policy.maxRetries) {
        if (result.kind === 'transient') throw toAossError(result.error, {action: `writing to ${this.index}`, index: this.index})
        await this.giveUp(again, attempt, throttled)
        return
      }

      const wait = backoffMs(attempt, this.policy)
      attempt++
      this.counts.retried += again.length
      await sleep(wait, undefined, {signal: this.options.signal})
      pending = again
    }
  }

  /**
   * One answer's signal to both adaptive limits; later batches are cut to the new size as they are filled.
   * Latency does not count as overload here (WRITE_LIMIT): answers of batches of different sizes take different
   * times, and only the server's "slow down" is a clear signal.
   */
  private adapt(sample: {sentAt: number, docs: number, throttled: boolean}): void {
    const at = performance.now()
    const latencyMs = at - sample.sentAt
    this.gate.record({at, latencyMs, items: sample.docs, throttled: sample.throttled})
    this.batchBytes.record({at, latencyMs, items: sample.docs, throttled: sample.throttled})
    // Bytes are what a bulk costs the target, so only they adapt; a --batch-docs the user set stays as set.
    this.limits.maxBytes = this.batchBytes.limit
  }

  /** One `_bulk` request under the gate, with when it left and whether the client had to retry a throttle. */
  private async post(docs: BulkDoc[]): Promise<PostResult & {sentAt: number, throttled: boolean}> {
    const body = bulkBody(docs, this.dropIds)
    await this.gate.acquire()
    const sentAt = performance.now()
    let throttled = false
    try {
      const result = await this.postNow(docs, body, () => {
        throttled = true
      })
      return {...result, sentAt, throttled}
    } finally {
      this.gate.release()
    }
  }

  private async postNow(docs: BulkDoc[], body: string, onThrottle: () => void): Promise<PostResult> {
    this.counts.requests++
    this.counts.bytes += Buffer.byteLength(body)
    // Without ids every copy of a request adds documents: such a request is only re-sent when the server said
    // it did nothing (connection/retry.ts), and an unknown outcome ends the restore instead of guessing.
    const idempotent = !this.dropIds && docs.every((doc) => doc.id !== undefined)
    const context = {...reportThrottles(onThrottle).context, ...(idempotent ? {} : NOT_IDEMPOTENT.context)}
    try {
      const response = await this.client.transport.request(
        {method: 'POST', path: this.bulkPath, body},
        {headers: {'content-type': 'application/x-ndjson'}, context},
      )
      const items = (response.body as {items?: Array<Record<string, {status?: number}>>} | undefined)?.items
      if (!Array.isArray(items) || items.length !== docs.length) {
        throw new AossError('SERVER', `_bulk answered ${Array.isArray(items) ? items.length : 'no'} items for ${docs.length} documents`, {
          hints: ['Is the endpoint an OpenSearch cluster or collection?'],
        })
      }

      return {kind: 'items', items}
    } catch (error) {
      if (error instanceof AossError) throw error
      const status = statusOf(error)
      if (status === 413) return {kind: 'too-large', error: {status, type: 'request_too_large', reason: 'the request body is larger than the server accepts'}}
      // 502/503/504 and 429 were already retried by the client; 500 was not, and a fresh AOSS index answers
      // index_not_found_exception until it becomes writable (aoss-facts §2).
      const type = (error as {meta?: {body?: {error?: {type?: string}}}})?.meta?.body?.error?.type
      if (type === 'index_not_found_exception') return {kind: 'transient', error}
      if (!idempotent && (status === undefined || status >= 500)) throw outcomeUnknown(error, docs.length, this.index)
      if (status === 500) return {kind: 'transient', error}
      throw toAossError(error, {action: `writing to ${this.index}`, index: this.index})
    }
  }

  /** A 413: halve the batch, and make later batches smaller too. One document too large alone is refused. */
  private async split(docs: BulkDoc[], error: ItemError, attempt: number): Promise<void> {
    if (docs.length === 1) {
      this.counts.rejected++
      await this.deadLetter.write(this.index, docs[0], error)
      this.options.onSettled?.(docs)
      return
    }

    const half = Math.ceil(docs.length / 2)
    const smaller = Math.max(1024, Math.floor(this.limits.maxBytes / 2))
    if (smaller < this.limits.maxBytes) {
      // A hard limit, unlike throttling: batches never grow past it again.
      this.batchBytes.capAt(smaller)
      this.limits.maxBytes = smaller
      this.options.onWarning?.(`the server refused a request as too large (413): batches lowered to ${Math.round(smaller / 1024)} KiB`)
    }

    await this.send(docs.slice(0, half), attempt)
    await this.send(docs.slice(half), attempt)
  }

  /** Out of retries: throttling (the caller may exit "throttled") is told apart from a server that kept failing. */
  private async giveUp(docs: BulkDoc[], attempts: number, throttled: boolean): Promise<void> {
    if (this.options.exhausted === 'stop') {
      // Nothing is dead-lettered and nothing settled: the caller's checkpoint stays before these documents.
      this.failure ??= new AossError(throttled ? 'THROTTLED' : 'SERVER', `${this.index} was still ${throttled ? 'throttling' : 'failing with server errors'} after ${attempts} retries of ${docs.length} documents`, {
        hints: throttled ? ['Lower --concurrency, raise --max-retries, or raise the collection’s maximum OCU capacity.'] : [],
        details: {index: this.index, unsettled: docs.length},
      })
      return
    }

    for (const doc of docs) {
      if (throttled) this.counts.gaveUp++
      else this.counts.rejected++
      await this.deadLetter.write(this.index, doc, {
        status: throttled ? 429 : 500,
        type: throttled ? 'retries_exhausted' : 'server_errors_exhausted',
        reason: `still ${throttled ? 'throttled' : 'failing with server errors'} after ${attempts} retries`,
      })
    }

    this.options.onSettled?.(docs)
  }

  private idsRefused(error: ItemError): void {
    if (this.idMode === 'keep') {
      this.failure ??= new AossError('USAGE', `${this.index} refuses custom document ids: ${error.reason}`, {
        hints: [
          'OpenSearch Serverless time-series and vector collections generate ids themselves.',
          'Pass --id-mode auto (or drop) to restore without ids; a re-run will then add the documents again.',
        ],
      })
      return
    }

    if (!this.dropIds) {
      this.dropIds = true
      this.options.onWarning?.(
        `${this.index} refuses custom document ids (time-series or vector collection): writing without them; a re-run will duplicate documents`,
      )
    }
  }
}

/** A request without ids that may or may not have been stored: re-sending could duplicate, so stop and say so. */
function outcomeUnknown(error: unknown, docs: number, index: string): AossError {
  const cause = toAossError(error, {action: `writing to ${index}`, index})
  return new AossError(cause.code === 'THROTTLED' ? 'THROTTLED' : 'INCOMPLETE', `${cause.message}; the last request (${docs} documents without ids) may or may not have been stored`, {
    cause: error,
    hints: [
      'It was not sent again: without ids a second copy would duplicate documents.',
      `Check the count in ${index} before running the restore again, or keep ids (--id-mode keep) where the collection allows them.`,
    ],
    statusCode: cause.statusCode,
    details: {outcomeUnknown: true, documents: docs},
  })
}
