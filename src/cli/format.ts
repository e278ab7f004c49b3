/** Number and size formatting shared by every human-readable view. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-'
  let value = bytes
  let unit = 0
  // Switch units at 1000, not 1024: "1000 KiB" reads as a typo, "0.98 MiB" does not.
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }

  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 100 ? 0 : value < 1 ? 2 : 1)} ${UNITS[unit]}`
}

export function formatCount(n: number | undefined): string {
  return n === undefined ? '-' : n.toLocaleString('en-US')
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
}

/** `1 request`, `2 requests`, `1,000 documents`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
