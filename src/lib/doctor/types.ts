/**
 * The doctor's vocabulary: each check is plain data (what was looked at, what was seen, one fix), so the terminal,
 * `--json` and any other front end render the same findings their own way.
 */
import {ExitCode, type ExitCodeValue} from '../errors.js'

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip'

/** Which kind of failure a failed check is, for the exit code: 4 for access, 6 for reaching the server. */
export type CheckArea = 'settings' | 'network' | 'endpoint' | 'credentials' | 'clock' | 'signing' | 'permissions' | 's3'

export interface Check {
  /** Stable name for scripts: "network.dns", "permissions.data-access". */
  id: string
  area: CheckArea
  status: CheckStatus
  /** One line: what was seen. Never a secret. */
  evidence: string
  /** One thing to do, when something is wrong or could not be checked. */
  fix?: string
  /** Machine-readable facts (missing permissions, the region the server expects, …). */
  details?: Record<string, unknown>
}

export type DoctorJob = 'export' | 'backup' | 'restore' | 'copy' | 'ui'

export interface DoctorReport {
  job?: DoctorJob
  endpoint?: string
  checks: Check[]
  /** 0 when every needed check passed; 4 (access) or 6 (unreachable) otherwise. */
  exitCode: ExitCodeValue
}

const UNREACHABLE_AREAS: ReadonlySet<CheckArea> = new Set(['network', 'endpoint'])

/** The first failure decides: a server that cannot be reached explains everything after it. */
export function exitCodeFor(checks: Check[]): ExitCodeValue {
  const failed = checks.filter((c) => c.status === 'fail')
  if (failed.length === 0) return ExitCode.ok
  if (failed.some((c) => UNREACHABLE_AREAS.has(c.area))) return ExitCode.unreachable
  return ExitCode.auth
}

export const check = (area: CheckArea, id: string, status: CheckStatus, evidence: string, fix?: string, details?: Record<string, unknown>): Check => ({
  id: `${area}.${id}`,
  area,
  status,
  evidence,
  ...(fix === undefined ? {} : {fix}),
  ...(details === undefined ? {} : {details}),
})
