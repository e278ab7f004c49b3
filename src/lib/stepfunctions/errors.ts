/**
 * How a step's failure reaches the state machine. Step Functions matches `Retry` and `Catch` on the error's name
 * (Lambda reports it as errorType), so every failure is named `aoss.<CODE>`: the ASL retries `aoss.THROTTLED`
 * with backoff and lets `aoss.INCOMPLETE` fail the execution (exit 3 of `aoss backup`, as a failed execution).
 */
import {AossError, isAossError} from '../errors.js'

export function stepFailure(error: unknown): Error {
  const failure = isAossError(error) ? error : new AossError('UNEXPECTED', (error as Error)?.message ?? String(error), {cause: error})
  const named = new Error(failure.hints.length > 0 ? `${failure.message} (${failure.hints.join(' ')})` : failure.message, {cause: failure})
  named.name = `aoss.${failure.code}`
  return named
}
