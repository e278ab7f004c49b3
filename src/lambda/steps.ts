/**
 * The backup Lambda in its Step Functions roles (src/lambda/backup.asl.json): Plan, Slice, Commit and Abort, chosen
 * by the event's `task` field. Each role is a thin adapter: the job through `prepareBackup` (the one backup setup),
 * one call into src/lib/stepfunctions, plain data back. Failures are thrown named `aoss.<CODE>` so that the state
 * machine's Retry and Catch can tell throttling from an incomplete backup.
 */
import type {S3Client} from '@aws-sdk/client-s3'

import {type PreparedBackup, prepareBackup} from '../lib/backup/setup.js'
import type {ClientOverrides} from '../lib/connection/client.js'
import {usageError} from '../lib/errors.js'
import {settingSources} from '../lib/io/setting-sources.js'
import {abortFanOut} from '../lib/stepfunctions/abort.js'
import {commitFanOut} from '../lib/stepfunctions/commit.js'
import {stepFailure} from '../lib/stepfunctions/errors.js'
import {planFanOut} from '../lib/stepfunctions/plan.js'
import {sliceKnobs} from '../lib/stepfunctions/sizing.js'
import {runSlice} from '../lib/stepfunctions/slice.js'
import type {AbortOutput, CommitOutput, FanOutJob, PlanOutput, SliceOutput, SliceState} from '../lib/stepfunctions/types.js'
import type {LambdaContextLike} from './context.js'
import {structuredLogger} from './log.js'

/** Replaced at bundle time (scripts/build-lambda.ts) with the package version. */
const TOOL_VERSION = process.env.AOSS_TOOL_VERSION ?? '0.0.0-dev'

export type StepEvent =
  | {task: 'plan', job?: FanOutJob}
  | (SliceState & {task: 'slice'})
  | {task: 'commit', job?: FanOutJob, plan: PlanOutput}
  | {task: 'abort', job?: FanOutJob, plan: PlanOutput, error?: AbortOutput['error']}

export type StepResult = PlanOutput | SliceOutput | CommitOutput | AbortOutput

export interface StepHandlerDeps {
  env?: NodeJS.ProcessEnv
  s3?: S3Client
  log?: (line: string) => void
  clientOverrides?: ClientOverrides
}

export function isStepEvent(event: unknown): event is StepEvent {
  return typeof event === 'object' && event !== null && typeof (event as {task?: unknown}).task === 'string'
}

export function createStepHandler(deps: StepHandlerDeps = {}) {
  return async function stepHandler(event: StepEvent, context: LambdaContextLike): Promise<StepResult> {
    const env = deps.env ?? process.env
    const log = structuredLogger(deps.log, context.awsRequestId)
    const budget = context.getRemainingTimeInMillis()
    const job: FanOutJob = event.job ?? {}
    const sources = settingSources({env, dotEnv: false})
    let prepared: PreparedBackup | undefined
    try {
      const bucket = event.task === 'plan' ? job.bucket : event.task === 'slice' ? event.bucket : event.plan.bucket
      prepared = await prepareBackup({...job, bucket}, {sources, connection: {endpoint: job.endpoint, region: job.region}, s3: deps.s3, clientOverrides: deps.clientOverrides, preflight: event.task === 'plan'})
      switch (event.task) {
        case 'plan': {
          const plan = await planFanOut(prepared, {job, knobs: sliceKnobs(job, sources), toolVersion: TOOL_VERSION})
          log('info', 'fanout.plan', {stamp: plan.stamp, docs: plan.docs, items: plan.items.length, indices: plan.indices.map((i) => ({index: i.index, docs: i.docs, slices: i.slices}))})
          return plan
        }

        case 'slice': {
          const margin = job.deadlineMarginMs ?? Math.min(60_000, Math.round(budget / 4))
          const result = await runSlice(prepared, event, {
            shouldPause: () => context.getRemainingTimeInMillis() < margin,
            // As in the scheduled handler: a page stuck in retries past half the margin aborts the invocation, and
            // the state machine's retry resumes from the last checkpoint.
            signal: AbortSignal.timeout(Math.max(1, budget - Math.round(margin / 2))),
          })
          log('info', `fanout.slice.${result.status}`, {index: event.item.index, slice: event.item.slice, docs: result.docs, invocation: result.invocation})
          return result
        }

        case 'commit': {
          const result = await commitFanOut(prepared, event.plan)
          log('info', 'fanout.commit', {docs: result.docs, manifests: result.manifests})
          return result
        }

        case 'abort': {
          const result = await abortFanOut(prepared, event.plan, event.error)
          log('warn', 'fanout.abort', {...result})
          return result
        }

        default:
          throw usageError(`unknown task ${JSON.stringify((event as {task: unknown}).task)}: expected plan, slice, commit or abort`)
      }
    } catch (error) {
      const failure = stepFailure(error)
      log('error', 'fanout.failed', {task: event.task, error: failure.name, message: failure.message})
      throw failure
    } finally {
      prepared?.close()
      await prepared?.client?.close().catch(() => {})
    }
  }
}
