/** Request and reply types shared by the router and the route handlers. */
import type {EmulatorCore} from './core.js'
import {parsingError} from './errors.js'
import type {FaultSpec} from './types.js'

export interface Reply {
  status: number
  /** JSON text unless contentType says otherwise; absent = empty body. */
  body?: string
  contentType?: string
  headers?: Record<string, string>
}

export const jsonReply = (status: number, value: unknown): Reply => ({status, body: JSON.stringify(value)})
export const emptyReply = (status: number): Reply => ({status})
export const textReply = (status: number, text: string): Reply => ({status, body: text, contentType: 'text/plain; charset=UTF-8'})

export class RequestContext {
  private parsed: unknown
  private parsedDone = false

  constructor(
    readonly core: EmulatorCore,
    readonly method: string,
    /** Path as sent, not decoded. */
    readonly rawPath: string,
    readonly params: Record<string, string>,
    readonly query: URLSearchParams,
    readonly body: Buffer,
    /** A fault that the handler itself must act out (per-item bulk failures). */
    readonly fault: FaultSpec | undefined,
  ) {}

  text(): string {
    return this.body.toString('utf8')
  }

  /** The JSON body, or undefined when there is none. Bad JSON is a 400, as in OpenSearch. */
  json<T = Record<string, unknown>>(): T | undefined {
    if (!this.parsedDone) {
      this.parsedDone = true
      const text = this.text().trim()
      if (text !== '') {
        try {
          this.parsed = JSON.parse(text)
        } catch (error) {
          throw parsingError(`Failed to parse request body: ${(error as Error).message}`)
        }
      }
    }
    return this.parsed as T | undefined
  }

  /** Boolean URI flag: present with '' or 'true' means true. */
  flag(name: string): boolean {
    const v = this.query.get(name)
    return v !== null && v !== 'false'
  }
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>
