/**
 * The text of one progress line, sized to the terminal. The numbers matter more than the bar: when the line would
 * not fit, the bar shrinks and then goes, and only then do the least useful numbers go (size, then the total).
 */
import {formatBytes, formatCount} from './format.js'

export interface ProgressState {
  done: number
  total?: number
  /** Items per second counted from this run's own items (a resumed run's earlier ones excluded). */
  rate?: number
  bytes?: number
  /** Shown after the size, e.g. "gzip" when the size is what S3 stores. */
  sizeLabel?: string
  /** Seconds left; absent until it can be estimated. */
  etaSeconds?: number
  /** A name in front (the index, when a run covers several). */
  label?: string
  unit: string
}

const MIN_BAR = 10

export function progressText(state: ProgressState, columns: number): string {
  const known = state.total !== undefined && state.total > 0
  const fraction = known ? Math.min(1, state.done / state.total!) : undefined
  const rounded = state.rate === undefined ? undefined : Math.round(state.rate)
  const parts = {
    percent: fraction === undefined ? undefined : `${Math.floor(fraction * 100)}%`,
    count: known ? `${formatCount(state.done)}/${formatCount(state.total)} ${state.unit}` : `${formatCount(state.done)} ${state.unit}`,
    rate: rounded === undefined ? undefined : `${formatCount(rounded)} ${rounded === 1 ? singular(state.unit) : state.unit}/s`,
    size: state.bytes === undefined ? undefined : `${formatBytes(state.bytes)}${state.sizeLabel ? ` ${state.sizeLabel}` : ''}`,
    eta: state.etaSeconds === undefined ? undefined : `ETA ${formatEta(state.etaSeconds)}`,
  }
  const label = state.label ? `${state.label} ` : ''
  // The last column stays free: writing into it wraps the line on some terminals.
  const width = columns - 1
  const line = () => `${label}${[parts.percent, parts.count, parts.rate, parts.size, parts.eta].filter(Boolean).join(' | ')}`

  // The bar takes what the numbers leave (at most 40 columns) and goes first when there is too little left.
  const room = width - line().length - 1
  if (fraction !== undefined && room >= MIN_BAR) {
    const bar = Math.min(40, room)
    const filled = Math.round(fraction * bar)
    return `${label}${'█'.repeat(filled)}${'░'.repeat(bar - filled)} ${line().slice(label.length)}`
  }

  // Then the least useful numbers: the size, then the total (the percentage still says how far).
  if (line().length > width) parts.size = undefined
  if (line().length > width) parts.count = `${formatCount(state.done)} ${state.unit}`
  return line().slice(0, Math.max(0, width))
}

function singular(unit: string): string {
  return unit.endsWith('s') ? unit.slice(0, -1) : unit
}

export function formatEta(seconds: number): string {
  const s = Math.max(1, Math.round(seconds))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
