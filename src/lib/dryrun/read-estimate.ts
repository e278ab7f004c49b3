/**
 * How long a read takes, from a probe of its first pages. Measured on the emulator (bench/dryrun.bench.ts): a
 * slice's first page arrives with the open (it carries the count), and the interval to its second page is
 * slower than the rest — the parsing path is still cold, and on a 1-slice read it alone made the old estimate
 * (open + first round + that pace × every page) 47 % too high. So the first interval is charged once, and every
 * later page at the steady interval, the median over all slices of the intervals after it.
 */
export interface ReadTimings {
  /** Opening the read: probe, point in time, count and each slice's first page. */
  openMs: number
  /** Deleting the point in time (or clearing scrolls). */
  closeMs: number
  pagesPerSlice: number
  /** Per slice, the times its probe pages arrived, in order. */
  arrivals: number[][]
}

export function estimateReadMs(t: ReadTimings): number {
  const gaps = t.arrivals.map((times) => times.slice(1).map((time, i) => time - times[i]!))
  const warmUp = median(gaps.filter((g) => g.length > 0).map((g) => g[0]!))
  const steady = median(gaps.flatMap((g) => g.slice(1))) ?? warmUp ?? 0
  const later = Math.max(0, t.pagesPerSlice - 1)
  return t.openMs + t.closeMs + (later > 0 ? (warmUp ?? steady) : 0) + steady * Math.max(0, later - 1)
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2
}
