/**
 * Runs the real backup state machine (src/lambda/backup.asl.json) on this machine with aws-local-stepfunctions:
 * the definition file as CloudFormation would deploy it (its DefinitionSubstitutions filled in), every Task state
 * calling the Lambda's step handler in-process with a Lambda-like context. Used by the fan-out tests and by
 * `npm run stepfunctions:local`.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {S3Client} from '@aws-sdk/client-s3'

import type {ClientOverrides} from '../../src/lib/connection/client.js'
import type {FanOutJob} from '../../src/lib/stepfunctions/types.js'
import type {LambdaContextLike} from '../../src/lambda/context.js'
import {createStepHandler, type StepEvent} from '../../src/lambda/steps.js'

export const DEFINITION_FILE = join(import.meta.dirname, '..', '..', 'src', 'lambda', 'backup.asl.json')
export const LOCAL_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:aoss-backup'

/**
 * aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22); Node 20 lacks it. The engine only needs the
 * standard behaviour, so a polyfill installed before the engine loads is enough.
 */
function polyfillWithResolvers(): void {
  const P = Promise as unknown as {withResolvers?: () => unknown}
  P.withResolvers ??= function withResolvers() {
    let resolve!: (value: unknown) => void
    let reject!: (reason: unknown) => void
    const promise = new Promise((a, b) => {
      resolve = a
      reject = b
    })
    return {promise, resolve, reject}
  }
}

/** The definition text with `${Name}` substitutions filled in, as the template's DefinitionSubstitutions do. */
export async function loadDefinition(substitutions: Record<string, string> = {BackupFunctionArn: LOCAL_FUNCTION_ARN}): Promise<Record<string, unknown>> {
  const text = await readFile(DEFINITION_FILE, 'utf8')
  const filled = text.replaceAll(/\$\{(\w+)\}/g, (whole, name: string) => substitutions[name] ?? whole)
  return JSON.parse(filled) as Record<string, unknown>
}

export interface LocalRunOptions {
  input: FanOutJob
  env: NodeJS.ProcessEnv
  s3?: S3Client
  clientOverrides?: ClientOverrides
  /** A fresh Lambda context per task invocation (its clock is the invocation's deadline). */
  context: (task: StepEvent['task']) => LambdaContextLike
  /** Wait between retries, in ms (default: what the definition says). Tests use 0. */
  retryWaitMs?: number
  /** Called before each task invocation; a test may throw here to make an invocation fail. */
  beforeTask?: (event: StepEvent) => void | Promise<void>
}

export interface LocalRun {
  status: 'SUCCEEDED' | 'FAILED'
  output?: Record<string, unknown>
  error?: string
  cause?: string
  /** Task invocations per task, retries included. */
  invocations: Record<string, number>
  /** Milliseconds spent inside the handler per task, summed over invocations (what Lambda would bill). */
  busyMs: Record<string, number>
  /** The Abort step's output, when it ran (read from its log line's fields). */
  events: StepEvent[]
}

export async function runLocalStateMachine(options: LocalRunOptions): Promise<LocalRun> {
  polyfillWithResolvers()
  const {StateMachine} = await import('aws-local-stepfunctions')
  const definition = await loadDefinition()
  const handler = createStepHandler({env: options.env, s3: options.s3, clientOverrides: options.clientOverrides, log: () => {}})
  const invocations: Record<string, number> = {}
  const busyMs: Record<string, number> = {}
  const events: StepEvent[] = []
  const task = async (input: unknown) => {
    // Through JSON both ways, as Lambda delivers events and results.
    const event = JSON.parse(JSON.stringify(input)) as StepEvent
    invocations[event.task] = (invocations[event.task] ?? 0) + 1
    events.push(event)
    await options.beforeTask?.(event)
    const started = performance.now()
    try {
      return JSON.parse(JSON.stringify(await handler(event, options.context(event.task))))
    } finally {
      busyMs[event.task] = (busyMs[event.task] ?? 0) + performance.now() - started
    }
  }

  const machine = new StateMachine(definition as never, {validationOptions: {checkArn: true, checkPaths: true}})
  const retries = options.retryWaitMs === undefined ? undefined : {Plan: options.retryWaitMs, Slice: options.retryWaitMs, Commit: options.retryWaitMs, Abort: options.retryWaitMs}
  const execution = machine.run(options.input as never, {
    overrides: {
      taskResourceLocalHandlers: {Plan: task, Slice: task, Commit: task, Abort: task},
      ...(retries ? {retryIntervalOverrides: retries} : {}),
    },
  })
  try {
    const output = (await execution.result) as Record<string, unknown>
    return {status: 'SUCCEEDED', output, invocations, busyMs, events}
  } catch (error) {
    const e = error as {name?: string, message?: string, cause?: {name?: string, message?: string}}
    return {status: 'FAILED', error: e.cause?.name ?? e.name, cause: e.cause?.message ?? e.message, invocations, busyMs, events}
  }
}
