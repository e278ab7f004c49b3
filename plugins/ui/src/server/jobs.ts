/**
 * Long runs (backup, restore) started from the page. Each job keeps its last progress event and its outcome, so
 * a page that connects late, or reconnects, still sees where it stands. Stopping the server aborts them.
 */
import {randomUUID} from 'node:crypto'
import {EventEmitter} from 'node:events'

export interface JobProgress {
  /** 0–100 when the total is known. */
  percent?: number
  docs: number
  expected?: number
  bytes?: number
  label?: string
}

export type JobEvent =
  | {type: 'progress', progress: JobProgress}
  | {type: 'done', result: unknown}
  | {type: 'failed', error: Record<string, unknown>}

export interface Job {
  id: string
  kind: 'backup' | 'restore'
  events: EventEmitter
  /** The latest progress and the outcome, replayed in that order to a page that connects late. */
  progress?: JobEvent
  outcome?: JobEvent
  finished: boolean
  controller: AbortController
}

export class Jobs {
  private readonly jobs = new Map<string, Job>()

  start(kind: Job['kind'], work: (report: (progress: JobProgress) => void, signal: AbortSignal) => Promise<unknown>, describe: (error: unknown) => Record<string, unknown>): Job {
    const job: Job = {id: randomUUID(), kind, events: new EventEmitter(), finished: false, controller: new AbortController()}
    this.jobs.set(job.id, job)
    const emit = (event: JobEvent) => {
      if (event.type === 'progress') job.progress = event
      else job.outcome = event
      job.events.emit('event', event)
    }

    work((progress) => emit({type: 'progress', progress}), job.controller.signal).then(
      (result) => {
        job.finished = true
        emit({type: 'done', result})
      },
      (error) => {
        job.finished = true
        emit({type: 'failed', error: describe(error)})
      },
    )
    return job
  }

  /** What a page that connects now should see first: where the job stands, then how it ended. */
  static replay(job: Job): JobEvent[] {
    return [job.progress, job.outcome].filter((event): event is JobEvent => event !== undefined)
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)
  }

  abortAll(): void {
    for (const job of this.jobs.values()) if (!job.finished) job.controller.abort()
  }
}
