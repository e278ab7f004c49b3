/** Follows a job's server-sent events until it is done or failed. */
export interface JobState {
  percent?: number
  docs: number
  expected?: number
  label?: string
  done?: unknown
  failed?: {message: string, hints?: string[]}
}

export function followJob(id: string, update: (state: JobState) => void): () => void {
  const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`)
  let state: JobState = {docs: 0}
  source.addEventListener('progress', (event) => {
    state = {...state, ...JSON.parse((event as MessageEvent).data).progress}
    update(state)
  })
  source.addEventListener('done', (event) => {
    state = {...state, done: JSON.parse((event as MessageEvent).data).result}
    update(state)
    source.close()
  })
  source.addEventListener('failed', (event) => {
    state = {...state, failed: JSON.parse((event as MessageEvent).data).error}
    update(state)
    source.close()
  })
  return () => source.close()
}
