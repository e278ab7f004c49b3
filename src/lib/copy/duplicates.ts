/**
 * Finding what a resumed or repeated copy added twice to a collection that assigns its own ids: with
 * `--id-field F` every copy of a document carries the source `_id` in F, so ids that occur more than once are
 * the duplicates. The same query is in the README.
 */

/** A search body: the source ids found in more than one document (up to 10,000 of them per request). */
export function duplicatesQuery(idField: string): Record<string, unknown> {
  return {size: 0, aggs: {duplicates: {terms: {field: idField, min_doc_count: 2, size: 10_000}}}}
}
