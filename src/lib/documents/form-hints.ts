/**
 * What the form learns from the index besides its mapping: which keyword fields have only a few values (offered
 * as a list) and which fields hold arrays (entered as comma lists). One search: a sample of documents plus a terms
 * aggregation per keyword field (inside a nested aggregation for fields of nested objects, such as
 * `variants.color`). Best effort: a failure here only makes the form plainer.
 */
import type {Client} from '../connection/client.js'
import {indexPath} from '../connection/paths.js'
import {flatten} from './flatten.js'
import type {FormHints} from './form.js'

/** A keyword field with at most this many distinct values is offered as a list. */
export const MAX_CHOICES = 12
const SAMPLE_SIZE = 50
const MAX_AGG_FIELDS = 30

export async function gatherFormHints(client: Client, index: string, mapping: Record<string, unknown>): Promise<FormHints> {
  const fields = keywordFields((mapping.properties ?? {}) as Record<string, unknown>).slice(0, MAX_AGG_FIELDS)
  const keywords = fields.map((field) => field.path)
  const aggs = Object.fromEntries(fields.map(({path, nested}, i) => {
    const terms = {terms: {field: path, size: MAX_CHOICES + 1}}
    // A plain terms aggregation sees nothing inside nested objects: step into them first.
    return [`f${i}`, nested ? {nested: {path: nested}, aggs: {values: terms}} : terms]
  }))
  let answer: any
  try {
    const response = await client.transport.request({
      method: 'POST',
      path: indexPath(index, '_search'),
      body: {size: SAMPLE_SIZE, query: {match_all: {}}, ...(keywords.length > 0 ? {aggs} : {})},
    })
    answer = response.body
  } catch {
    return {}
  }

  const samples = ((answer?.hits?.hits ?? []) as Array<{_source?: Record<string, unknown>}>).map((hit) => hit._source ?? {})
  const arrays = new Set<string>()
  for (const source of samples) {
    for (const [path, value] of flatten(source)) if (Array.isArray(value)) arrays.add(path)
  }

  const choices: Record<string, string[]> = {}
  const total = Number(answer?.hits?.total?.value ?? answer?.hits?.total ?? Number.POSITIVE_INFINITY)
  keywords.forEach((path, i) => {
    type Terms = {buckets?: Array<{key: unknown}>, sum_other_doc_count?: number}
    const outer = answer?.aggregations?.[`f${i}`] as (Terms & {values?: Terms}) | undefined
    const agg = fields[i].nested ? outer?.values : outer
    let values: string[] | undefined
    if (agg?.buckets) {
      if (agg.buckets.length <= MAX_CHOICES && !agg.sum_other_doc_count) values = agg.buckets.map((bucket) => String(bucket.key))
    } else {
      // No aggregations in the answer (a server without them): judge from the sample. A field whose sample shows
      // few values, each seen several times, is likely to have few values; "other…" covers the rest.
      const seen = new Set<string>()
      for (const source of samples) {
        for (const item of valuesAt(source, path.split('.'))) if (typeof item === 'string') seen.add(item)
      }

      const wholeIndex = total <= samples.length
      if (seen.size <= MAX_CHOICES && (wholeIndex || samples.length >= 3 * seen.size)) values = [...seen].sort()
    }

    if (values && values.length > 0 && !arrays.has(path)) choices[path] = values
  })

  return {choices, arrays: [...arrays]}
}

interface KeywordField {
  path: string
  /** The innermost nested object holding the field, when there is one. */
  nested?: string
}

function keywordFields(properties: Record<string, unknown>, prefix = '', nested?: string): KeywordField[] {
  const fields: KeywordField[] = []
  for (const [name, raw] of Object.entries(properties)) {
    const node = raw as {type?: string, properties?: Record<string, unknown>}
    const path = prefix ? `${prefix}.${name}` : name
    if (node.type === 'keyword') fields.push({path, ...(nested ? {nested} : {})})
    else if (node.properties) fields.push(...keywordFields(node.properties, path, node.type === 'nested' ? path : nested))
  }

  return fields
}

/** Every value at a dotted path, looking into arrays of objects on the way (`variants.color` of every variant). */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path))
  if (path.length === 0) return [value]
  if (value === null || typeof value !== 'object') return []
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1))
}
