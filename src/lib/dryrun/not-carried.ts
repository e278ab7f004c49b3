/**
 * What an export or backup cannot carry, read from the mapping alone: fields left out of `_source` (or `_source`
 * switched off), and `knn_vector` fields, which vector collections commonly keep out of `_source`.
 */
export function notCarried(mappings: Record<string, unknown>): string[] {
  const notes: string[] = []
  const source = (mappings._source ?? {}) as {enabled?: boolean, excludes?: string[]}
  if (source.enabled === false) notes.push('_source is disabled: no document body can be read, only ids')
  for (const field of source.excludes ?? []) notes.push(`${field}: excluded from _source, so not exported`)
  for (const field of vectorFields((mappings.properties ?? {}) as Record<string, unknown>, '')) {
    const excluded = (source.excludes ?? []).some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(field))
    if (!excluded) notes.push(`${field}: knn_vector, carried only as far as _source holds it (vector collections may drop it)`)
  }

  return notes
}

function vectorFields(properties: Record<string, unknown>, prefix: string): string[] {
  const found: string[] = []
  for (const [name, value] of Object.entries(properties)) {
    const field = value as {type?: string, properties?: Record<string, unknown>}
    if (field.type === 'knn_vector') found.push(prefix + name)
    if (field.properties) found.push(...vectorFields(field.properties, `${prefix}${name}.`))
  }

  return found
}
