/** URL paths for single-document APIs; ids may hold any character, so each segment is escaped. */
export function docPath(index: string, id: string): string {
  if (id === '') throw new TypeError('empty document id')
  return `/${encodeURIComponent(index)}/_doc/${encodeURIComponent(id)}`
}
