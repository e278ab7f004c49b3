/**
 * The scheduled backup Lambda: a thin adapter from an event and the environment to the same `runBackup()` that
 * `aoss backup` uses, returning the same kind of report.
 *
 * Input: an EventBridge scheduled event (then everything comes from the environment) or a JSON object
 * `{indices, bucket, prefix, query, chunkSize, …}` (the rule's constant input, or a manual invoke); unset fields
 * fall back to OPENSEARCH_URL, OUTPUT_BUCKET, OUTPUT_PREFIX, INDICES and AWS_REGION.
 *
 * Continuation: Lambda stops a function at 15 minutes. Before the deadline the pipeline closes the current chunk,
 * the handler stores the run's checkpoint in S3 beside the partial backup, invokes itself asynchronously with
 * `{…same input, continuation: {bucket, key, invocation}}` and returns. The next invocation resumes after the last
 * stored document, so an index of any size completes across invocations, without gaps or duplicates.
 *
 * Failure: the running multipart upload is aborted and no manifest is written; stored chunks and the checkpoint
 * stay, and the error is thrown, so Lambda's own retry of a continuation event resumes from the checkpoint.
 */
import type {S3Client} from '@aws-sdk/client-s3'

import {type BackupCheckpoint, loadCheckpoint, saveCheckpoint} from '../lib/backup/checkpoint.js'
import {serverBackupDeps} from '../lib/backup/deps.js'
import {type BackupDeps, type BackupOptions, type BackupResult, type IndexReport, runBackup} from '../lib/backup/pipeline.js'
import {createS3Client, resolveBackupTarget, resolveS3Settings} from '../lib/backup/s3.js'
import {parseByteSize} from '../lib/byte-size.js'
import {createClient, type ClientOverrides} from '../lib/connection/client.js'
import {resolveSettings} from '../lib/connection/settings.js'
import {AossError, isAossError, usageError} from '../lib/errors.js'
import type {Manifest} from '../lib/backup/manifest.js'

/** Replaced at bundle time (scripts/build-lambda.ts) with the package version. */
const TOOL_VERSION = process.env.AOSS_TOOL_VERSION ?? '0.0.0-dev'

/** What an event may say; every field is optional because the environment provides defaults. */
export interface BackupEvent {
  /** Index names, aliases or wildcards; a comma-separated string works too. */
  indices?: string[] | string
  bucket?: string
  prefix?: string
  /** OpenSearch endpoint (default OPENSEARCH_URL). */
  endpoint?: string
  region?: string
  query?: Record<string, unknown>
  /** Bytes (number) or a size string such as "1GiB". */
  chunkSize?: number | string
  chunkDocs?: number
  partSize?: number | string
  uploadConcurrency?: number
  compressionLevel?: number
  sse?: 'AES256' | 'aws:kms'
  kmsKeyId?: string
  storageClass?: string
  batchSize?: number
  slices?: number
  strategy?: 'auto' | 'pit' | 'scroll' | 'search-after'
  s3Endpoint?: string
  s3Region?: string
  /** Stop this long before the deadline (default: a quarter of the first budget, at most 60 s). */
  deadlineMarginMs?: number
  /** Set by the handler itself when it continues a run. */
  continuation?: {bucket: string, key: string, invocation: number}
}

/** The subset of the Lambda context the handler uses. */
export interface LambdaContextLike {
  awsRequestId?: string
  invokedFunctionArn: string
  getRemainingTimeInMillis(): number
}

export interface HandlerReport {
  status: 'complete' | 'continued'
  /** 1 for the scheduled invocation, then 2, 3… for continuations. */
  invocation: number
  bucket: string
  prefix: string
  stamp: string
  startedAt: string
  finishedAt?: string
  docs: number
  bytes: number
  docsWritten: number
  durationMs: number
  indices: IndexReport[]
  warnings: string[]
  /** Where the run continues from (status continued). */
  checkpoint?: string
}

export interface HandlerDeps {
  env?: NodeJS.ProcessEnv
  /** An S3 client to use instead of one built from the environment. */
  s3?: S3Client
  /** Starts the next invocation (default: Lambda InvokeCommand, InvocationType Event, on this function). */
  invoke?: (functionArn: string, event: BackupEvent) => Promise<void>
  /** Where structured log lines go (default stdout, which Lambda sends to CloudWatch). */
  log?: (line: string) => void
  /** For tests: credentials and retry timings of the OpenSearch client. */
  clientOverrides?: ClientOverrides
  /** For tests: replaces the reader/index wiring (the default reads the real endpoint). */
  backupDeps?: (s3: S3Client) => Promise<{deps: BackupDeps, source: Manifest['source']}>
}

const DEFAULT_MAX_INVOCATIONS = 500

export function createHandler(deps: HandlerDeps = {}) {
  return async function handler(event: unknown, context: LambdaContextLike): Promise<HandlerReport> {
    const env = deps.env ?? process.env
    const log = structuredLogger(deps.log, context.awsRequestId)
    const input = eventInput(event)
    const invocation = input.continuation?.invocation ?? 1
    const initialBudget = context.getRemainingTimeInMillis()
    log('info', 'backup.start', {invocation, remainingMs: initialBudget, ...(input.continuation ? {checkpoint: `s3://${input.continuation.bucket}/${input.continuation.key}`} : {})})

    let s3: S3Client | undefined
    try {
      const options = backupOptions(input, env)
      s3 = deps.s3 ?? (await createS3Client(resolveS3Settings({endpoint: input.s3Endpoint, region: input.s3Region}, env, '/nonexistent')))
      const wiring = deps.backupDeps ? await deps.backupDeps(s3) : await connect(input, env, s3, deps.clientOverrides)
      const resume: BackupCheckpoint | undefined = input.continuation ? await loadCheckpoint(s3, input.continuation.bucket, input.continuation.key) : undefined
      const margin = input.deadlineMarginMs ?? numberEnv(env.DEADLINE_MARGIN_MS) ?? Math.min(60_000, Math.round(initialBudget / 4))
      let lastProgress = 0
      const result = await runBackup({
        ...options,
        source: wiring.source,
        toolVersion: TOOL_VERSION,
        resume,
        shouldPause: () => context.getRemainingTimeInMillis() < margin,
        // Pausing happens between pages; a page stuck in retries could outlive the function and leave its upload
        // open. Halfway through the margin the run is aborted instead: the upload is aborted, and the retry of
        // this invocation resumes from the last checkpoint.
        signal: AbortSignal.timeout(Math.max(1, initialBudget - Math.round(margin / 2))),
        cleanupOnFailure: false,
        onProgress: (progress) => {
          if (Date.now() - lastProgress < 10_000) return
          lastProgress = Date.now()
          log('info', 'backup.progress', {...progress})
        },
      }, wiring.deps)

      for (const warning of result.warnings) log('warn', 'backup.warning', {warning})
      if (result.status === 'paused') return await continueLater(result, input, invocation, context, s3, options, env, deps, log)

      const report = toReport(result, invocation)
      log('info', 'backup.complete', {...report, indices: report.indices.map((i) => ({index: i.index, docs: i.docs, manifest: i.manifest}))})
      return report
    } catch (error) {
      const failure = isAossError(error) ? error : new AossError('UNEXPECTED', (error as Error)?.message ?? String(error), {cause: error})
      log('error', 'backup.failed', {invocation, ...failure.toJSON()})
      throw failure
    } finally {
      if (!deps.s3) s3?.destroy()
    }
  }
}

/** The function Lambda calls (handler setting `handler.handler`). */
export const handler = createHandler()

/** The OpenSearch side, from the event and the environment (no `.env` file is read in Lambda). */
async function connect(input: BackupEvent, env: NodeJS.ProcessEnv, s3: S3Client, overrides?: ClientOverrides) {
  const settings = resolveSettings({endpoint: input.endpoint, region: input.region}, {env, cwd: '/nonexistent'})
  return serverBackupDeps(await createClient(settings, overrides), settings, s3)
}

async function continueLater(
  result: BackupResult,
  input: BackupEvent,
  invocation: number,
  context: LambdaContextLike,
  s3: S3Client,
  options: Omit<BackupOptions, 'source' | 'toolVersion'>,
  env: NodeJS.ProcessEnv,
  deps: HandlerDeps,
  log: Logger,
): Promise<HandlerReport> {
  const checkpoint = result.checkpoint as BackupCheckpoint
  const max = numberEnv(env.MAX_INVOCATIONS) ?? DEFAULT_MAX_INVOCATIONS
  if (invocation >= max) {
    throw new AossError('INCOMPLETE', `backup not finished after ${invocation} invocations (MAX_INVOCATIONS)`, {
      hints: ['Raise the function timeout or MAX_INVOCATIONS, or add --slices for more throughput.'],
    })
  }

  const key = await saveCheckpoint(s3, checkpoint, options.s3 as {ServerSideEncryption?: string, SSEKMSKeyId?: string})
  const next: BackupEvent = {...input, continuation: {bucket: checkpoint.bucket, key, invocation: invocation + 1}}
  await (deps.invoke ?? lambdaInvoker(env))(context.invokedFunctionArn, next)
  const report = {...toReport(result, invocation), status: 'continued' as const, checkpoint: `s3://${checkpoint.bucket}/${key}`}
  log('info', 'backup.continued', {invocation, next: invocation + 1, checkpoint: report.checkpoint, docs: report.docs, docsWritten: report.docsWritten})
  return report
}

function toReport(result: BackupResult, invocation: number): HandlerReport {
  return {
    status: 'complete',
    invocation,
    bucket: result.bucket,
    prefix: result.prefix,
    stamp: result.stamp,
    startedAt: result.startedAt,
    ...(result.finishedAt ? {finishedAt: result.finishedAt} : {}),
    docs: result.docs,
    bytes: result.bytes,
    docsWritten: result.docsWritten,
    durationMs: result.durationMs,
    indices: result.indices,
    warnings: result.warnings,
  }
}

/** A scheduled event carries no input of ours (its fields are EventBridge's); anything else is our JSON. */
export function eventInput(event: unknown): BackupEvent {
  if (event === null || event === undefined) return {}
  if (typeof event === 'string') return eventInput(JSON.parse(event))
  if (typeof event !== 'object' || Array.isArray(event)) throw usageError('the event must be a JSON object')
  const e = event as Record<string, unknown>
  if (e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event') {
    const detail = e.detail
    return detail && typeof detail === 'object' && !Array.isArray(detail) ? (detail as BackupEvent) : {}
  }

  return e as BackupEvent
}

/** Event over environment; the same validation as the command through runBackup. */
export function backupOptions(input: BackupEvent, env: NodeJS.ProcessEnv): Omit<BackupOptions, 'source' | 'toolVersion'> {
  const target = resolveBackupTarget({bucket: input.continuation?.bucket ?? input.bucket, prefix: input.prefix}, env, '/nonexistent')
  const raw = input.indices ?? env.INDICES ?? env.INDEX
  const indices = (Array.isArray(raw) ? raw : (raw ?? '').split(',')).map((name) => String(name).trim()).filter(Boolean)
  if (indices.length === 0) throw usageError('no index to back up: set "indices" in the event or INDICES in the environment')
  return {
    bucket: target.bucket,
    prefix: target.prefix,
    indices,
    ...(input.query ? {query: input.query} : {}),
    read: {batchSize: input.batchSize, slices: input.slices, strategy: input.strategy},
    chunkBytes: size(input.chunkSize ?? env.CHUNK_SIZE, 'chunkSize'),
    chunkDocs: input.chunkDocs ?? numberEnv(env.CHUNK_DOCS),
    partSize: size(input.partSize ?? env.PART_SIZE, 'partSize'),
    queueSize: input.uploadConcurrency,
    compressionLevel: input.compressionLevel,
    s3: {
      ...(input.sse ?? env.SSE ? {ServerSideEncryption: (input.sse ?? env.SSE) as 'AES256'} : {}),
      ...(input.kmsKeyId ?? env.KMS_KEY_ID ? {SSEKMSKeyId: input.kmsKeyId ?? env.KMS_KEY_ID} : {}),
      ...(input.storageClass ?? env.STORAGE_CLASS ? {StorageClass: (input.storageClass ?? env.STORAGE_CLASS) as 'STANDARD'} : {}),
    },
  }
}

function size(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value === 'number') return value
  const bytes = parseByteSize(value)
  if (bytes === undefined) throw usageError(`${name} must be a size such as 16MiB or 1GiB (got "${value}")`)
  return bytes
}

function numberEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

type Logger = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void

/** One JSON object per line: CloudWatch Logs Insights can filter and aggregate on the fields. */
function structuredLogger(sink: ((line: string) => void) | undefined, requestId: string | undefined): Logger {
  const write = sink ?? ((line: string) => process.stdout.write(`${line}\n`))
  return (level, msg, fields = {}) => write(JSON.stringify({time: new Date().toISOString(), level, msg, ...(requestId ? {requestId} : {}), ...fields}))
}

function lambdaInvoker(env: NodeJS.ProcessEnv): (functionArn: string, event: BackupEvent) => Promise<void> {
  return async (functionArn, event) => {
    const {InvokeCommand, LambdaClient} = await import('@aws-sdk/client-lambda')
    const client = new LambdaClient({region: env.AWS_REGION})
    try {
      const response = await client.send(new InvokeCommand({FunctionName: functionArn, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event))}))
      if (response.StatusCode !== 202) throw new Error(`asynchronous invoke answered ${response.StatusCode}`)
    } catch (error) {
      throw new AossError('UNEXPECTED', `could not start the next invocation: ${(error as Error).message}`, {
        cause: error,
        hints: ['The function role needs lambda:InvokeFunction on the function itself. The checkpoint is stored; invoke again with the continuation to resume.'],
      })
    } finally {
      client.destroy()
    }
  }
}
