/** The shape every strategy hands to the reader: one sequential page source per slice. */
import type {ReadStrategy, Hit} from '../types.js'

export interface RawPage {
  hits: Hit[]
  /** Sort values of the last hit; where the slice continues. */
  after?: unknown[]
  /** True on the slice's last page (which may be empty). */
  done: boolean
}

export interface SliceSource {
  readonly id: number
  /** Fetches the next page. Called one at a time: a slice's next page depends on the last one. */
  next(): Promise<RawPage>
}

export interface OpenedStrategy {
  name: ReadStrategy
  sources: SliceSource[]
  /** Matching documents at the start, counted on the same snapshot where the strategy has one. */
  expected?: number
  notes: string[]
  /** Frees the server-side context (PIT or scrolls); never throws. */
  close(): Promise<void>
}

/** Where a slice starts: fresh, or after a checkpoint's position. */
export interface SliceStart {
  id: number
  after?: unknown[]
  docs: number
  done: boolean
}
