/**
 * Typed errors for everything below the commands. `src/lib` and the Lambda throw these; the base command turns
 * them into one line on stderr, a hint and an exit code. Nothing here imports oclif.
 */

/** The one exit-code table (also in the README). */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  incomplete: 3,
  auth: 4,
  notFound: 5,
  unreachable: 6,
  throttled: 7,
  /** Stopped by SIGINT or SIGTERM with nothing to resume (128 + SIGINT, as shells report it). */
  interrupted: 130,
  /** No such command (the shell's and oclif's code). */
  commandNotFound: 127,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export type AossErrorCode =
  | 'USAGE'
  | 'INVALID_JSON'
  | 'MISSING_ENDPOINT'
  | 'UNREACHABLE'
  | 'TLS'
  | 'TIMEOUT'
  | 'NOT_OPENSEARCH'
  | 'NO_CREDENTIALS'
  | 'SIGNATURE'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'INDEX_NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_REQUEST'
  | 'THROTTLED'
  | 'INCOMPLETE'
  | 'SERVER'
  | 'UNSUPPORTED'
  | 'INTERRUPTED'
  | 'CANCELLED'
  | 'UNEXPECTED'

const exitByCode: Record<AossErrorCode, ExitCodeValue> = {
  USAGE: ExitCode.usage,
  INVALID_JSON: ExitCode.usage,
  MISSING_ENDPOINT: ExitCode.usage,
  UNREACHABLE: ExitCode.unreachable,
  TLS: ExitCode.unreachable,
  TIMEOUT: ExitCode.unreachable,
  NOT_OPENSEARCH: ExitCode.unreachable,
  NO_CREDENTIALS: ExitCode.auth,
  SIGNATURE: ExitCode.auth,
  FORBIDDEN: ExitCode.auth,
  UNAUTHORIZED: ExitCode.auth,
  NOT_FOUND: ExitCode.notFound,
  INDEX_NOT_FOUND: ExitCode.notFound,
  CONFLICT: ExitCode.unexpected,
  BAD_REQUEST: ExitCode.usage,
  THROTTLED: ExitCode.throttled,
  INCOMPLETE: ExitCode.incomplete,
  SERVER: ExitCode.unexpected,
  UNSUPPORTED: ExitCode.usage,
  INTERRUPTED: ExitCode.interrupted,
  // The person said no (or pressed Ctrl-C at a question): not a mistake, so not 2; 130 as for an interrupt.
  CANCELLED: ExitCode.interrupted,
  UNEXPECTED: ExitCode.unexpected,
}

export interface AossErrorOptions {
  /** What the user can do about it, one short sentence each. */
  hints?: string[]
  /** HTTP status of the answer that caused it, when there was one. */
  statusCode?: number
  /** Extra machine-readable facts for `--json` (never credentials). */
  details?: Record<string, unknown>
  cause?: unknown
  /** Overrides the exit code implied by `code`. */
  exitCode?: ExitCodeValue
}

export class AossError extends Error {
  readonly code: AossErrorCode
  readonly exitCode: ExitCodeValue
  readonly hints: string[]
  readonly statusCode?: number
  readonly details?: Record<string, unknown>

  constructor(code: AossErrorCode, message: string, options: AossErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'AossError'
    this.code = code
    this.exitCode = options.exitCode ?? exitByCode[code]
    this.hints = [...(options.hints ?? [])]
    // Every access failure ends in the same place: the checklist that names the cause before the next run.
    if (this.exitCode === ExitCode.auth && !this.hints.some((hint) => hint.startsWith(DOCTOR_HINT))) this.hints.push(`${DOCTOR_HINT}\` to name the cause.`)
    this.statusCode = options.statusCode
    this.details = options.details
  }

  /** The shape printed under `--json`: stable, and free of request/connection internals. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      exitCode: this.exitCode,
      ...(this.statusCode === undefined ? {} : {statusCode: this.statusCode}),
      ...(this.hints.length > 0 ? {hints: this.hints} : {}),
      ...(this.details ? {details: this.details} : {}),
    }
  }
}

const DOCTOR_HINT = 'Run `aoss doctor'
const DOCTOR_JOBS = new Set(['export', 'backup', 'restore', 'copy', 'ui'])

/** Points the doctor hint at the job that failed (`aoss doctor --for export`), when the command is one. */
export function doctorHintFor(error: AossError, command: string | undefined): AossError {
  if (!command || !DOCTOR_JOBS.has(command)) return error
  const at = error.hints.findIndex((hint) => hint.startsWith(DOCTOR_HINT))
  if (at >= 0) error.hints[at] = `${DOCTOR_HINT} --for ${command}\` to name the cause.`
  return error
}

export function usageError(message: string, ...hints: string[]): AossError {
  return new AossError('USAGE', message, {hints})
}

export function isAossError(error: unknown): error is AossError {
  return error instanceof AossError
}

/** A question answered "no", or Ctrl-C at a prompt: nothing was done. Printed as is, without "Error:". */
export function cancelledError(message: string): AossError {
  return new AossError('CANCELLED', message, {details: {cancelled: true}})
}
