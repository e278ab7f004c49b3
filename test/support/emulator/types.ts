/**
 * Public types of the emulator. Other test code programs against these, so the
 * names and shapes here are a contract: extend, don't rename.
 */
import type {IndexState} from './index-state.js'
import type {PitStore} from './pit.js'
import type {ScrollStore} from './scroll.js'

export type Flavour = 'serverless' | 'managed'
export type CollectionType = 'search' | 'timeseries' | 'vectorsearch'

export type AuthOptions =
  | {mode: 'none'}
  | {mode: 'basic'; username: string; password: string}
  | {
      mode: 'sigv4'
      region: string
      service?: 'aoss' | 'es'
      credentials: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}
    }

export interface EmulatorOptions {
  flavour: Flavour
  /** Default 0 (a random free port). The server binds 127.0.0.1 only. */
  port?: number
  /** Serverless only; default 'search'. */
  collectionType?: CollectionType
  /** Default {mode: 'none'}. */
  auth?: AuthOptions
  /** Serverless: a write becomes searchable this long after it is acknowledged (default 0). [S3 overview] */
  visibilityDelayMs?: number
  /** Managed: the refresh interval; 0 (default) = searchable at once. `?refresh` and `_refresh` force it. [S38] */
  refreshIntervalMs?: number
  /** Serverless: `PUT <index>` acks, but writes get index_not_found_exception for this long (default 0). [S29] */
  newIndexUnwritableMs?: number
  /** Request body limit in bytes (default 10 MiB). [S36] */
  maxRequestBytes?: number
  /** Serverless only: the answer to an over-size request; default is the managed 413 shape (AOSS text unconfirmed [S32]). */
  tooLargeResponse?: {status: number; body: unknown}
  /** Added per request; a range is jittered uniformly. */
  latencyMs?: number | {min: number; max: number}
  /** Largest PIT keep_alive accepted (default 24 h, OpenSearch's point_in_time.max_keep_alive). */
  pitKeepAliveMaxMs?: number
  /** Managed: reported by `GET /` (default '2.17.1'); `_shard_doc` sorting needs >= 3.3. [S33] */
  version?: string
  /**
   * Serverless `_cat/indices` columns health/pri/rep, which AOSS may not fill (unconfirmed [S1]):
   * 'empty' (default) keeps the columns with empty strings, 'absent' drops them, 'filled' fills them like managed.
   */
  catServerlessColumns?: 'empty' | 'absent' | 'filled'
  /**
   * Serverless `?refresh=true|wait_for` on writes, reported unsupported [S22][S30]: 'reject' (default) answers 400
   * "contains unrecognized parameter: [refresh]", 'ignore' accepts it with no effect on visibility.
   */
  serverlessRefreshParam?: 'reject' | 'ignore'
  /** Serverless: refuse number_of_shards/number_of_replicas in index settings with 400 (default true; unconfirmed). */
  rejectShardSettings?: boolean
  /** Serverless timeseries (NextGen [S11]): reject docs without a top-level `@timestamp` (default false = Classic). */
  requireTimestamp?: boolean
  /** The server's clock runs this far ahead (negative: behind): its `Date` header and the SigV4 skew check use it (default 0). */
  clockOffsetMs?: number
}

export type FaultSpec =
  | {type: 'status'; status: number; retryAfter?: number; body?: unknown}
  | {type: 'reset-mid-body'}
  | {type: 'latency'; ms: number}
  /** The answer waits until `until` settles: a request held open for as long as a test needs, not a guessed time. */
  | {type: 'hold'; until: Promise<unknown>}
  | {type: 'pit-expired'}
  | {type: 'shards-failed'}
  | {type: 'timed-out'}
  | {type: 'bulk-item-status'; status: 429 | 402 | 500; everyNthItem?: number}
  /** A throughput limit: a matching request that arrives while `max` others are being answered gets a 429. */
  | {type: 'concurrency-limit'; max: number}

/**
 * Which requests a fault hits. Among requests matching route/method/pathIncludes:
 * `nth` = only the Nth; else `every` = every Nth (at most `times`, unlimited if unset);
 * else the first `times` (default 1).
 */
export interface FaultRule {
  route?: string
  method?: string
  pathIncludes?: string
  nth?: number
  every?: number
  times?: number
  fault: FaultSpec
}

export interface StoredDoc {
  readonly index: string
  readonly id: string
  readonly source: Record<string, unknown>
  /** The _source exactly as sent: OpenSearch returns the original bytes, and hits are built by concatenation. */
  readonly sourceJson: string
  readonly version: number
  readonly seqNo: number
  /** Global insertion order; stands in for Lucene's doc id in `_doc` / `_shard_doc` sorts. */
  readonly ord: number
}

export interface EmulatorState {
  indices: Map<string, IndexState>
  pits: PitStore
  scrolls: ScrollStore
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  url: string
  stop(): Promise<void>
  state: EmulatorState
  /** Requests per route name ('search', 'bulk', 'pit.create', ...) plus 'total'. */
  counters: Record<string, number>
  addFault(rule: FaultRule): void
  clearFaults(): void
  /** Per concurrency-limit fault, in the order added: the most requests it let through at once, and the 429s it sent. */
  concurrencyFaults(): Array<{peak: number, refused: number}>
  /** Fast, bypasses HTTP; docs are searchable at once. */
  seed(index: string, docs: Iterable<{_id?: string; _source: object}>, opts?: {mappings?: object; settings?: object}): void
  resetCounters(): void
}
