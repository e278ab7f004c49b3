/** Scalar leaves of a document as dotted paths, in document order; arrays of scalars stay one value. */
export function flatten(source: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, path, out)
    else out.set(path, value)
  }

  return out
}
