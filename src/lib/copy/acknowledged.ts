/**
 * Which part of the source the target has acknowledged, per slice, for the copy's checkpoint.
 *
 * The writer batches documents across pages and has several requests in flight, so acknowledgements arrive out
 * of order. A slice's position may move past a page only once every document of that page, and of every earlier
 * page of the slice, is settled (written, or in the dead letter). Each document carries its ordinal in the read
 * stream (`line`), and pages are contiguous runs of ordinals, so a settled document is found by its ordinal.
 *
 * Memory: one entry per page read but not yet settled — bounded by the writer's batches in flight and the
 * reader's prefetch.
 */
import {advance} from '../read/checkpoint.js'
import type {Page, SliceCursor} from '../read/types.js'

interface PendingPage {
  page: Page
  /** Ordinal of its first document (1-based); the page holds first … first + hits - 1. */
  first: number
  unsettled: number
}

export class AcknowledgedPositions {
  /** Pages of each slice not yet passed, oldest first. */
  private readonly bySlice = new Map<number, PendingPage[]>()
  /** Every pending page, by first ordinal, to find a settled document's page. */
  private readonly byFirst: PendingPage[] = []
  private settledDocs = 0

  /** `cursors` is updated in place: it is what the checkpoint records. */
  constructor(readonly cursors: SliceCursor[]) {}

  /** Documents settled in this run. */
  get settled(): number {
    return this.settledDocs
  }

  /** A page handed to the writer; its documents carry ordinals first, first + 1, … */
  read(page: Page, first: number): void {
    const pending: PendingPage = {page, first, unsettled: page.hits.length}
    let queue = this.bySlice.get(page.slice)
    if (!queue) {
      queue = []
      this.bySlice.set(page.slice, queue)
    }

    queue.push(pending)
    this.byFirst.push(pending)
    // An empty page (a slice's last answer) is settled at once, once the pages before it are.
    this.passSettled(page.slice)
  }

  /** Documents whose fate is final, by ordinal. */
  settle(ordinals: Iterable<number>): void {
    const touched = new Set<number>()
    for (const ordinal of ordinals) {
      const pending = this.pageOf(ordinal)
      if (!pending) continue
      pending.unsettled--
      this.settledDocs++
      touched.add(pending.page.slice)
    }

    for (const slice of touched) this.passSettled(slice)
  }

  /** Pages read whose documents are not all settled yet. */
  get pendingPages(): number {
    return this.byFirst.length
  }

  private passSettled(slice: number): void {
    const queue = this.bySlice.get(slice)!
    while (queue.length > 0 && queue[0]!.unsettled === 0) {
      const done = queue.shift()!
      advance(this.cursors, done.page)
      this.byFirst.splice(this.byFirst.indexOf(done), 1)
    }
  }

  /** Binary search: pages are registered in ordinal order and removed from anywhere. */
  private pageOf(ordinal: number): PendingPage | undefined {
    let low = 0
    let high = this.byFirst.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const candidate = this.byFirst[mid]!
      if (ordinal < candidate.first) high = mid - 1
      else if (ordinal >= candidate.first + candidate.page.hits.length) low = mid + 1
      else return candidate
    }

    return undefined
  }
}
