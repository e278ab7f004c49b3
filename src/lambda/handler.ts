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
import type {Manifest} from '../lib/backup/manifest.js'
import {type BackupDeps, type BackupReport, runBackup} from '../lib/backup/pipeline.js'
import {type BackupInput, type BackupPlanOptions, prepareBackup} from '../lib/backup/setup.js'
import type {ClientOverrides} from '../lib/connection/client.js'
import {AossError, isAossError, usageError} from '../lib/errors.js'
import {type SettingSources, settingSources} from '../lib/io/setting-sources.js'
import type {LambdaContextLike} from './context.js'
import {lambdaInvoker} from './invoke.js'
import {type Logger, structuredLogger} from './log.js'
import {createStepHandler, isStepEvent, type StepResult} from './steps.js'

/** Replaced at bundle time (scripts/build-lambda.ts) with the package version. */
const TOOL_VERSION = process.env.AOSS_TOOL_VERSION ?? '0.0.0-dev'

/** What an event may say: the backup job (every field optional, the environment provides defaults) and more. */
export interface BackupEvent extends BackupInput {
  /** OpenSearch endpoint (default OPENSEARCH_URL). */
  endpoint?: string
  region?: string
  /** Role to assume for the OpenSearch requests (default AOSS_ROLE_ARN): e.g. a role in the collection's account. */
  roleArn?: string
  /** The external id that role's trust policy asks for (default AOSS_EXTERNAL_ID). */
  externalId?: string
  /** Stop this long before the deadline (default: a quarter of the first budget, at most 60 s). */
  deadlineMarginMs?: number
  /** Set by the handler itself when it continues a run. */
  continuation?: {bucket: string, key: string, invocation: number}
}

export type {LambdaContextLike} from './context.js'

/** What `aoss backup --json` prints, plus where this invocation stands in a continued run. */
export type HandlerResult = BackupReport & {
  /** 1 for the scheduled invocation, then 2, 3… for continuations. */
  invocation: number
  /** Set when the run paused before the deadline: where the next invocation continues from. */
  continuedAt?: string
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
  return async function handler(event: unknown, context: LambdaContextLike): Promise<HandlerResult> {
    const env = deps.env ?? process.env
    const log = structuredLogger(deps.log, context.awsRequestId)
    const input = eventInput(event)
    const invocation = input.continuation?.invocation ?? 1
    const initialBudget = context.getRemainingTimeInMillis()
    log('info', 'backup.start', {invocation, remainingMs: initialBudget, ...(input.continuation ? {checkpoint: `s3://${input.continuation.bucket}/${input.continuation.key}`} : {})})

    let setup: Awaited<ReturnType<typeof prepareBackup>> | undefined
    try {
      const sources = settingSources({env, dotEnv: false})
      setup = await prepareBackup(
        {...input, bucket: input.continuation?.bucket ?? input.bucket},
        {sources, connection: {endpoint: input.endpoint, region: input.region, roleArn: input.roleArn, externalId: input.externalId}, s3: deps.s3, clientOverrides: deps.clientOverrides, backupDeps: deps.backupDeps, preflight: !input.continuation},
      )
      const {options, s3} = setup
      const resume: BackupCheckpoint | undefined = input.continuation ? await loadCheckpoint(s3, input.continuation.bucket, input.continuation.key) : undefined
      const margin = input.deadlineMarginMs ?? numberEnv(env.DEADLINE_MARGIN_MS) ?? Math.min(60_000, Math.round(initialBudget / 4))
      let lastProgress = 0
      const {checkpoint, ...report} = await runBackup({
        ...options,
        source: setup.source,
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
      }, setup.deps)

      for (const warning of report.warnings) log('warn', 'backup.warning', {warning})
      if (checkpoint) return await continueLater({...report, invocation}, checkpoint, input, context, s3, options, sources, deps, log)

      log('info', 'backup.complete', {...report, invocation, indices: report.indices.map((i) => ({index: i.index, docs: i.docs, manifest: i.manifest}))})
      return {...report, invocation}
    } catch (error) {
      const failure = isAossError(error) ? error : new AossError('UNEXPECTED', (error as Error)?.message ?? String(error), {cause: error})
      log('error', 'backup.failed', {invocation, ...failure.toJSON()})
      throw failure
    } finally {
      setup?.close()
    }
  }
}

const scheduled = createHandler()
const steps = createStepHandler()

/**
 * The function Lambda calls (handler setting `handler.handler`). One bundle, two deployments: events with a `task`
 * field come from the backup state machine (steps.ts); anything else is the scheduled, self-continuing run.
 */
export async function handler(event: unknown, context: LambdaContextLike): Promise<HandlerResult | StepResult> {
  return isStepEvent(event) ? steps(event, context) : scheduled(event, context)
}

async function continueLater(
  result: HandlerResult,
  checkpoint: BackupCheckpoint,
  input: BackupEvent,
  context: LambdaContextLike,
  s3: S3Client,
  options: BackupPlanOptions,
  sources: SettingSources,
  deps: HandlerDeps,
  log: Logger,
): Promise<HandlerResult> {
  const max = numberEnv(sources.env.MAX_INVOCATIONS) ?? DEFAULT_MAX_INVOCATIONS
  if (result.invocation >= max) {
    throw new AossError('INCOMPLETE', `backup not finished after ${result.invocation} invocations (MAX_INVOCATIONS)`, {
      hints: ['Raise the function timeout or MAX_INVOCATIONS, or add --slices for more throughput.'],
    })
  }

  const key = await saveCheckpoint(s3, checkpoint, options.s3 as {ServerSideEncryption?: string, SSEKMSKeyId?: string})
  const next: BackupEvent = {...input, continuation: {bucket: checkpoint.bucket, key, invocation: result.invocation + 1}}
  await (deps.invoke ?? lambdaInvoker(sources.env))(context.invokedFunctionArn, next)
  const continued = {...result, continuedAt: `s3://${checkpoint.bucket}/${key}`}
  log('info', 'backup.continued', {invocation: result.invocation, next: result.invocation + 1, checkpoint: continued.continuedAt, docs: result.docs, docsWritten: result.docsWritten})
  return continued
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

function numberEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}
