/**
 * What a compiled query needs while it runs over one set of docs: per-index field resolution,
 * document frequencies for scoring, and the terms to highlight.
 */
import {leafFields, resolveField, type Mappings, type ResolvedField} from '../mappings.js'
import type {StoredDoc} from '../types.js'
import {analyze, valuesAt} from './values.js'

export type Matcher = (doc: StoredDoc) => number | undefined

export interface FieldRef {
  path: string
  boost: number
}

export class QueryContext {
  /** Analysed query terms by source path ('*' = any field), for highlighting. */
  readonly highlightTerms = new Map<string, Set<string>>()
  private readonly fieldMemo = new Map<string, ResolvedField>()
  private readonly expandMemo = new Map<string, FieldRef[]>()
  private readonly dfMemo = new Map<string, number>()

  constructor(
    readonly mappingsOf: (index: string) => Mappings,
    readonly docs: readonly StoredDoc[],
    readonly now: number,
  ) {}

  field(index: string, path: string): ResolvedField {
    const key = index + '\u0000' + path
    let resolved = this.fieldMemo.get(key)
    if (resolved === undefined) {
      resolved = resolveField(this.mappingsOf(index), path)
      this.fieldMemo.set(key, resolved)
    }
    return resolved
  }

  /** Expands `name^2`, `desc*`, `*` against the index's mapped leaf fields. */
  expandFields(index: string, patterns: readonly string[]): FieldRef[] {
    const key = index + '\u0000' + patterns.join(',')
    let refs = this.expandMemo.get(key)
    if (refs !== undefined) return refs
    refs = []
    const leaves = leafFields(this.mappingsOf(index))
    for (const pattern of patterns) {
      const [name, boostText] = pattern.split('^')
      const boost = boostText === undefined ? 1 : Number(boostText)
      if (!name!.includes('*')) {
        refs.push({path: name!, boost})
        continue
      }
      const re = new RegExp('^' + name!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$')
      for (const leaf of leaves) if (re.test(leaf.path)) refs.push({path: leaf.path, boost})
    }
    this.expandMemo.set(key, refs)
    return refs
  }

  /**
   * Inverse document frequency of a term in a text field, BM25 style. The first call for a field
   * counts every term noted for it in one pass over the docs.
   */
  idf(sourcePath: string, term: string): number {
    const key = sourcePath + '\u0000' + term
    let df = this.dfMemo.get(key)
    if (df === undefined) {
      const terms = [...new Set([term, ...(this.highlightTerms.get(sourcePath) ?? [])])].filter((t) => !this.dfMemo.has(sourcePath + '\u0000' + t))
      const counts = new Map(terms.map((t) => [t, 0]))
      for (const doc of this.docs) {
        const values = valuesAt(doc.source, sourcePath)
        if (values.length === 0) continue
        const lower = values.join(' ').toLowerCase()
        const candidates = terms.filter((t) => lower.includes(t))
        if (candidates.length === 0) continue
        const tokens = new Set(analyze(lower))
        for (const t of candidates) if (tokens.has(t)) counts.set(t, counts.get(t)! + 1)
      }
      for (const [t, n] of counts) this.dfMemo.set(sourcePath + '\u0000' + t, n)
      df = counts.get(term)!
    }
    const n = this.docs.length
    return Math.log(1 + (n - df + 0.5) / (df + 0.5))
  }

  noteTerms(sourcePath: string, terms: readonly string[]): void {
    let set = this.highlightTerms.get(sourcePath)
    if (set === undefined) this.highlightTerms.set(sourcePath, (set = new Set()))
    for (const t of terms) set.add(t)
  }
}
