/**
 * The client's Connection, with three guards every request needs and the client does not give:
 *
 * - **A deadline for the whole answer.** The client's `requestTimeout` is an idle timer it stops watching once the
 *   headers arrive: a server that sends headers and then stalls (or trickles) would hang a count or a search for
 *   ever. Here the timeout runs from the request's start to the body's last byte.
 * - **Interrupts.** When the command's signal aborts (SIGINT, SIGTERM), requests in flight are abandoned at once —
 *   a stalled one would otherwise keep the process alive. Requests sent after that (closing a point in time) get
 *   a short deadline: worth trying, not worth waiting for.
 * - **Quiet after the response.** The client console.logs ("ignoring error after response") any error a request
 *   raises once its response has started — on stdout, which is export's data stream. The response stream itself
 *   reports such a failure (a body cut short), so that listener is replaced by a silent one.
 */
import type {Connection} from '@opensearch-project/opensearch'
import type {ClientRequest, IncomingMessage, RequestOptions} from 'node:http'

/** How long a request sent after an interrupt may take: enough to close a point in time on a healthy server. */
export const AFTER_INTERRUPT_MS = 2000

/** How a body that stopped coming reads in the client's ConnectionError; translate and retry recognise it. */
export const BODY_TIMEOUT = /timed out while reading the body/

type Callback = (error: Error | null, response: IncomingMessage | null) => void

export function guardedConnection(Base: typeof Connection, timeoutMs: number, signal?: AbortSignal): typeof Connection {
  class GuardedConnection extends Base {
    override request(params: RequestOptions, callback: Callback): ClientRequest {
      let response: IncomingMessage | undefined
      let timer: NodeJS.Timeout | undefined
      let settled = false
      const stop = () => {
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }

      const request: ClientRequest = super.request(params, (error, answer) => {
        if (answer) {
          response = answer
          request.removeAllListeners('error')
          request.on('error', () => {})
          answer.once('close', stop)
        } else {
          stop()
        }

        callback(error, answer)
      })
      // The client hands back a stub, having already called back, for a path it refuses to send.
      if (settled || typeof request?.on !== 'function') return request

      const onDeadline = (ms: number) => {
        if (response) endBody(response, `timed out while reading the body (${ms} ms)`)
        // The client's own timeout path: it aborts the request and reports a TimeoutError.
        else request.emit('timeout')
      }

      const onAbort = () => {
        if (response) endBody(response, 'Request aborted: interrupted')
        // Emits 'abort', which the client turns into a RequestAbortedError.
        else request.abort()
      }

      const ms = signal?.aborted ? Math.min(timeoutMs, AFTER_INTERRUPT_MS) : timeoutMs
      timer = setTimeout(() => onDeadline(ms), ms)
      if (signal && !signal.aborted) signal.addEventListener('abort', onAbort, {once: true})
      return request
    }
  }

  return GuardedConnection as unknown as typeof Connection
}

/**
 * Ends a body mid-way with a reason that reaches the caller. The client also listens for 'aborted', which a
 * destroyed response emits first, and would report a bare "Response aborted while reading the body" instead.
 */
function endBody(response: IncomingMessage, reason: string): void {
  response.removeAllListeners('aborted')
  response.destroy(new Error(reason))
}
