/** OpenSearch time values ("1m", "30s", "500ms", "2h", "1d"); bare numbers are milliseconds. */
import {osError} from './errors.js'

const UNITS: Record<string, number> = {nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}

export function parseDuration(value: unknown, setting: string): number {
  const text = String(value).trim()
  const match = /^(-?\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)?$/.exec(text)
  if (!match) {
    throw osError(400, 'illegal_argument_exception', `failed to parse setting [${setting}] with value [${text}] as a time value: unit is missing or unrecognized`)
  }
  return Number(match[1]) * UNITS[match[2] ?? 'ms']!
}
