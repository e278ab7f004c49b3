/**
 * A resume must write what the first run wrote: lines of another format, other fields, gzip members after plain
 * text or another query would leave a file that is half one export and half another. Options the user leaves out
 * are taken from the checkpoint; options the user gives must match it, or the resume is refused (exit 2).
 */
import {isDeepStrictEqual} from 'node:util'

import {usageError} from '../errors.js'
import type {ExportCheckpoint} from './checkpoint.js'
import type {LineFormat} from './types.js'

/** What the user asked for this time; undefined = not given. */
export interface AskedOptions {
  format?: LineFormat
  gzip?: boolean
  query?: Record<string, unknown>
  fields?: string[]
  sort?: string[]
  tiebreaker?: string
  maxDocs?: number
}

interface Compared {
  flag: string
  asked: unknown
  recorded: unknown
  show: (value: unknown) => string
}

const plain = (value: unknown) => (value === undefined ? '(none)' : String(value))
const list = (value: unknown) => (value === undefined ? '(none)' : (value as string[]).join(','))
const json = (value: unknown) => {
  if (value === undefined) return '(none)'
  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

/** Throws a usage error naming the first option that differs from the checkpoint, with both values. */
export function checkResumeOptions(asked: AskedOptions, checkpoint: ExportCheckpoint, checkpointFile: string): void {
  const compared: Compared[] = [
    {flag: '--format', asked: asked.format, recorded: checkpoint.format, show: plain},
    {flag: '--gzip', asked: asked.gzip, recorded: checkpoint.gzip, show: (v) => (v ? 'on' : 'off')},
    {flag: '--query/--q', asked: asked.query, recorded: checkpoint.query, show: json},
    {flag: '--fields', asked: sorted(asked.fields), recorded: sorted(checkpoint.fields), show: list},
    {flag: '--sort', asked: asked.sort, recorded: checkpoint.sort, show: list},
    {flag: '--tiebreaker', asked: asked.tiebreaker, recorded: checkpoint.tiebreaker, show: plain},
    {flag: '--max-docs', asked: asked.maxDocs, recorded: checkpoint.maxDocs, show: plain},
  ]
  for (const {flag, asked: now, recorded, show} of compared) {
    if (now === undefined || isDeepStrictEqual(now, recorded)) continue
    throw usageError(
      `--resume with ${flag} ${show(now)}, but ${checkpointFile} records ${flag} ${show(recorded)}`,
      `Leave ${flag} out to resume with the recorded value, or start over with --force.`,
    )
  }
}

function sorted(fields: string[] | undefined): string[] | undefined {
  return fields === undefined ? undefined : [...fields].sort()
}
