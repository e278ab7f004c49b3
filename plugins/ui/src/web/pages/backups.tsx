/** Backups in the bucket: list, verify, start one with live progress, restore one into an index. */
import {useEffect, useState} from 'preact/hooks'

import {api} from '../api.js'
import {ErrorBox} from '../parts/error-box.js'
import {followJob, type JobState} from '../parts/follow-job.js'
import {bytes, count} from '../parts/format.js'
import {useIndices} from '../parts/use-indices.js'

interface Summary {
  index: string
  stamp: string
  startedAt: string
  complete: boolean
  docs?: number
  bytes: number
  chunks: number
  location: string
  manifest?: string
}

function Progress({job, label}: {job?: JobState, label: string}) {
  if (!job) return null
  return (
    <div class="job" data-testid={`${label}-job`}>
      <label>{label} {job.label ?? ''} <progress max={100} value={job.percent ?? 0} aria-valuetext={`${job.percent ?? 0}%`} /></label>
      <span data-testid={`${label}-percent`}>{job.percent ?? 0}%</span> · {count(job.docs)}{job.expected === undefined ? '' : ` of ${count(job.expected)}`} docs
      {job.done !== undefined && <strong class="ok" data-testid={`${label}-done`}> done</strong>}
      {job.failed && <div class="error" role="alert">Error: {job.failed.message}</div>}
    </div>
  )
}

export function Backups() {
  const indices = useIndices()
  const [bucket, setBucket] = useState('')
  const [prefix, setPrefix] = useState('')
  const [list, setList] = useState<Summary[]>([])
  const [error, setError] = useState<unknown>()
  const [index, setIndex] = useState('')
  const [backupJob, setBackupJob] = useState<JobState>()
  const [verified, setVerified] = useState<Record<string, string>>({})
  const [restoreFrom, setRestoreFrom] = useState('')
  const [target, setTarget] = useState('')
  const [restoreJob, setRestoreJob] = useState<JobState>()

  const load = (b = bucket, p = prefix) => api<{bucket: string | null, prefix?: string, backups: Summary[]}>(`/backups?bucket=${encodeURIComponent(b)}&prefix=${encodeURIComponent(p)}`).then((answer) => {
    setBucket(answer.bucket ?? '')
    setPrefix(answer.prefix ?? '')
    setList(answer.backups)
    setError(undefined)
  }, setError)
  useEffect(() => { load('', '') }, [])

  const start = async (event: Event) => {
    event.preventDefault()
    try {
      const {job} = await api<{job: string}>('/backups', {body: {index: index || indices[0], bucket, prefix}})
      setBackupJob({docs: 0, percent: 0})
      followJob(job, (state) => {
        setBackupJob(state)
        if (state.done !== undefined) load()
      })
    } catch (failure) {
      setError(failure)
    }
  }

  const verify = async (manifest: string) => {
    setVerified({...verified, [manifest]: 'checking…'})
    try {
      const report = await api<{ok: boolean, failed: number, chunks: unknown[]}>('/backups/verify', {body: {manifest}})
      setVerified((v) => ({...v, [manifest]: report.ok ? `intact (${report.chunks.length} chunks)` : `${report.failed} damaged chunks`}))
    } catch (failure) {
      setVerified((v) => ({...v, [manifest]: (failure as Error).message}))
    }
  }

  const restore = async (event: Event) => {
    event.preventDefault()
    try {
      const {job} = await api<{job: string}>('/restores', {body: {manifest: restoreFrom, index: target}})
      setRestoreJob({docs: 0, percent: 0})
      followJob(job, setRestoreJob)
    } catch (failure) {
      setError(failure)
    }
  }

  return (
    <section aria-labelledby="backups-title">
      <h1 id="backups-title">Backups</h1>
      <form class="toolbar" onSubmit={(e) => { e.preventDefault(); load() }}>
        <label>Bucket <input value={bucket} onInput={(e) => setBucket(e.currentTarget.value)} /></label>
        <label>Prefix <input value={prefix} onInput={(e) => setPrefix(e.currentTarget.value)} /></label>
        <button type="submit">List</button>
      </form>
      <ErrorBox error={error} />
      <form class="panel" onSubmit={start}>
        <h2>Back up an index</h2>
        <label>Index <select aria-label="Index to back up" value={index || indices[0]} onChange={(e) => setIndex(e.currentTarget.value)}>{indices.map((name) => <option value={name}>{name}</option>)}</select></label>
        <button type="submit" class="primary" disabled={!bucket}>Start backup</button>
        <Progress job={backupJob} label="backup" />
      </form>
      <table class="backups" data-testid="backups">
        <caption>Backups under s3://{bucket}/{prefix}</caption>
        <thead><tr><th>Index</th><th>Started</th><th>Docs</th><th>Size</th><th>State</th><th>Actions</th></tr></thead>
        <tbody>
          {list.map((row) => (
            <tr>
              <td>{row.index}</td><td>{row.startedAt}</td><td class="num">{count(row.docs)}</td><td class="num">{bytes(row.bytes)}</td>
              <td>{row.complete ? 'complete' : 'incomplete'}{row.manifest && verified[row.manifest] ? ` · ${verified[row.manifest]}` : ''}</td>
              <td>{row.manifest && <><button type="button" onClick={() => verify(row.manifest!)}>Verify</button> <button type="button" onClick={() => { setRestoreFrom(row.manifest!); setTarget(`${row.index}-restored`) }}>Restore…</button></>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="panel" onSubmit={restore}>
        <h2>Restore</h2>
        <label class="grow">Backup manifest <input value={restoreFrom} onInput={(e) => setRestoreFrom(e.currentTarget.value)} placeholder="s3://bucket/prefix/index/stamp/manifest.json" /></label>
        <label>Into index <input value={target} onInput={(e) => setTarget(e.currentTarget.value)} /></label>
        <button type="submit" class="primary" disabled={!restoreFrom || !target}>Restore</button>
        <Progress job={restoreJob} label="restore" />
      </form>
    </section>
  )
}
