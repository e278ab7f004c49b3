/**
 * Basic highlighting: wraps the query's terms in the requested fields with pre/post tags
 * (default <em></em>). One fragment per value, cut to fragment_size around the first hit.
 */
import type {QueryContext} from '../query/context.js'
import {valuesAt} from '../query/values.js'
import type {StoredDoc} from '../types.js'

type Obj = Record<string, unknown>

export function highlightDoc(spec: Obj, doc: StoredDoc, ctx: QueryContext): Record<string, string[]> | undefined {
  const pre = Array.isArray(spec.pre_tags) ? String(spec.pre_tags[0]) : '<em>'
  const post = Array.isArray(spec.post_tags) ? String(spec.post_tags[0]) : '</em>'
  const fragmentSize = Number(spec.fragment_size ?? 100)
  const requested = Array.isArray(spec.fields) ? spec.fields.flatMap((f) => Object.keys(f as Obj)) : Object.keys((spec.fields ?? {}) as Obj)
  const anyField = ctx.highlightTerms.get('*') ?? new Set<string>()
  const out: Record<string, string[]> = {}
  const fields = requested.flatMap((pattern) => (pattern.includes('*') ? ctx.expandFields(doc.index, [pattern]).map((r) => r.path) : [pattern]))
  for (const field of fields) {
    const sourcePath = ctx.field(doc.index, field).sourcePath
    const terms = new Set([...(ctx.highlightTerms.get(sourcePath) ?? []), ...anyField])
    if (terms.size === 0) continue
    const fragments: string[] = []
    for (const value of valuesAt(doc.source, sourcePath)) {
      if (typeof value !== 'string') continue
      const fragment = markTerms(value, terms, pre, post, fragmentSize)
      if (fragment !== undefined) fragments.push(fragment)
    }
    if (fragments.length > 0) out[field] = fragments
  }
  return Object.keys(out).length > 0 ? out : undefined
}

function markTerms(text: string, terms: Set<string>, pre: string, post: string, size: number): string | undefined {
  const re = /[\p{L}\p{N}]+/gu
  let first = -1
  let result = ''
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    if (!terms.has(m[0].toLowerCase())) continue
    if (first < 0) first = m.index
    result += text.slice(last, m.index) + pre + m[0] + post
    last = m.index + m[0].length
  }
  if (first < 0) return undefined
  result += text.slice(last)
  if (text.length <= size) return result
  // Cut a window around the first hit, measured in source characters; tags make the marked text longer.
  const start = Math.max(0, first - Math.floor(size / 4))
  const startInMarked = result.indexOf(pre) - (first - start)
  return result.slice(Math.max(0, startInMarked), Math.max(0, startInMarked) + size + (pre.length + post.length) * 3)
}
