/**
 * One index: mappings, settings, aliases, and two views of its documents.
 * `docs` is the realtime view (GET by id is realtime in OpenSearch); searches see `searchable`,
 * which only takes a change once its `visibleAt` has passed or a refresh forces it. This models
 * AOSS's delayed visibility [S3 overview] and managed refresh [S38] without timers.
 */
import {randomUUID} from 'node:crypto'
import {emptyMappings, type Mappings} from './mappings.js'
import type {StoredDoc} from './types.js'

interface PendingChange {
  id: string
  doc: StoredDoc | undefined
  visibleAt: number
}

let nextOrd = 0
/** Global so `_doc` order is stable across indices, like a shard-local doc id would be within one. */
export const takeOrd = (): number => nextOrd++

export class IndexState {
  readonly uuid = randomUUID().replace(/-/g, '').slice(0, 22)
  readonly creationDate = Date.now()
  mappings: Mappings = emptyMappings()
  /** Flat `index.*` keys with string values, as GET _settings shows them. */
  settings: Record<string, string> = {}
  aliases = new Map<string, Record<string, unknown>>()
  /** Realtime view. */
  readonly docs = new Map<string, StoredDoc>()
  /** Writes before this time answer index_not_found_exception (serverless fresh index [S29]). */
  writableAt = 0
  /** Bumped on every change to the searchable view; keys the ranked-results cache. */
  generation = 0
  docsDeleted = 0
  private seqNo = 0
  private readonly searchable = new Map<string, StoredDoc>()
  private pending: PendingChange[] = []
  private cachedArray: StoredDoc[] | undefined

  constructor(readonly name: string) {}

  nextSeqNo(): number {
    return this.seqNo++
  }

  /** Records a change (doc = undefined deletes). Changes become searchable in arrival order. */
  apply(id: string, doc: StoredDoc | undefined, visibleAt: number, now: number): void {
    if (doc === undefined) {
      if (this.docs.delete(id)) this.docsDeleted++
    } else {
      this.docs.set(id, doc)
    }
    if (visibleAt <= now && this.pending.length === 0) this.makeSearchable(id, doc)
    else this.pending.push({id, doc, visibleAt})
  }

  /** Applies pending changes whose time has come. */
  settle(now: number): void {
    let i = 0
    while (i < this.pending.length && this.pending[i]!.visibleAt <= now) {
      const change = this.pending[i]!
      this.makeSearchable(change.id, change.doc)
      i++
    }
    if (i > 0) this.pending = this.pending.slice(i)
  }

  /** A refresh: everything written so far becomes searchable. */
  refresh(): void {
    for (const change of this.pending) this.makeSearchable(change.id, change.doc)
    this.pending = []
  }

  /** Searchable docs in insertion order (the `_doc` order). The array is cached until the next change. */
  searchableDocs(now: number): StoredDoc[] {
    this.settle(now)
    this.cachedArray ??= [...this.searchable.values()]
    return this.cachedArray
  }

  searchableCount(now: number): number {
    this.settle(now)
    return this.searchable.size
  }

  /** Bytes of stored source, the emulator's stand-in for store.size. */
  storeBytes(now: number): number {
    let bytes = 0
    for (const doc of this.searchableDocs(now)) bytes += doc.sourceJson.length
    return bytes
  }

  private makeSearchable(id: string, doc: StoredDoc | undefined): void {
    // Lucene appends an updated doc as a new one, so an update moves the doc to the end of `_doc` order.
    this.searchable.delete(id)
    if (doc !== undefined) this.searchable.set(id, doc)
    this.cachedArray = undefined
    this.generation++
  }
}
