/**
 * Incremental backups: a chain of manifests, each naming its parent, back to a full backup.
 *
 * A link reads only documents whose `since` field is at or above the parent's high-water mark minus an overlap.
 * The mark is the field's largest value, taken *before* the read's snapshot opens: a document written after that
 * has a larger value and is read by this link or the next, never by neither. The overlap re-reads documents that
 * became visible late (AOSS makes writes visible with a delay); a restore writes the links oldest first, so a
 * document read twice ends as its newest version. Deletions leave nothing to read: a chain does not carry them.
 */
import type {Client} from '../connection/client.js'
import {targetPath} from '../connection/paths.js'
import {toAossError} from '../connection/translate.js'
import {AossError, usageError} from '../errors.js'
import type {ChainLink, Manifest} from './manifest.js'

export type {ChainLink} from './manifest.js'

/** How a run takes part in chains (from --incremental, --since-field, --overlap, --full-every, --full). */
export interface ChainOptions {
  /** Build on the latest link of the index's chain (refused without one, unless fullEvery allows a full). */
  incremental: boolean
  /** The date field; default the parent's, else one detected in the mapping. */
  field?: string
  /** Re-read this much before the parent's mark (default 5 minutes). */
  overlapMs?: number
  /** Start a new chain (a full backup) once the current one holds this many backups; also when there is none. */
  fullEvery?: number
}

export const DEFAULT_OVERLAP_MS = 5 * 60_000

/** Names a date field for "last changed" is usually given; the first match of type date wins. */
const FIELD_NAMES = ['updated_at', 'updatedAt', 'last_modified', 'lastModified', 'modified_at', 'modifiedAt', '@timestamp', 'timestamp']

/** A `date` field named like a change time, from the index's mapping; undefined when there is none. */
export function detectSinceField(mappings: Record<string, unknown>): string | undefined {
  const properties = (mappings as {properties?: Record<string, {type?: string}>}).properties ?? {}
  return FIELD_NAMES.find((name) => properties[name]?.type === 'date' || properties[name]?.type === 'date_nanos')
}

/** The user's query, narrowed to documents at or after `since` on `field`. */
export function sinceQuery(query: Record<string, unknown> | undefined, field: string, since: number): Record<string, unknown> {
  const range = {range: {[field]: {gte: since, format: 'epoch_millis'}}}
  return {bool: {filter: query ? [query, range] : [range]}}
}

/**
 * The field's largest value among the documents the query matches, in epoch ms (a date field's sort value):
 * one hit sorted descending. Undefined for an empty index.
 */
export async function highWaterMark(client: Client, index: string, field: string, query?: Record<string, unknown>): Promise<number | undefined> {
  const body = {size: 1, _source: false, track_total_hits: false, query: query ?? {match_all: {}}, sort: [{[field]: {order: 'desc', missing: '_last'}}]}
  let answer
  try {
    answer = await client.transport.request({method: 'POST', path: targetPath(index, '_search'), body})
  } catch (error) {
    throw toAossError(error, {index, action: `finding the largest ${field} in ${index}`})
  }

  const value = (answer.body as {hits?: {hits?: Array<{sort?: unknown[]}>}}).hits?.hits?.[0]?.sort?.[0]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** What this run of one index is: the start of a chain or a link after `parent`. */
export interface ChainPlan {
  link: Omit<ChainLink, 'highWater'>
  /** Set for an incremental: the query to read with. */
  since?: number
}

export interface ParentLink {
  key: string
  chain: ChainLink
}

/** Decides full or incremental for one index from the options and the newest link found. */
export function planChain(index: string, options: ChainOptions, parent: ParentLink | undefined, detected: string | undefined): ChainPlan {
  const field = options.field ?? parent?.chain.field ?? detected
  if (!field) {
    throw usageError(`${index} has no date field to back up incrementally from`, 'Name one with --since-field (a date field set on every write, such as updated_at).')
  }

  const fullDue = options.fullEvery !== undefined && (parent === undefined || parent.chain.depth + 1 >= options.fullEvery)
  if (!options.incremental || fullDue) return {link: {field, depth: 0}}
  if (!parent) {
    throw new AossError('USAGE', `no backup of ${index} to build an incremental on`, {
      hints: [`Take a full one first (aoss backup ${index} --since-field ${field}), or pass --full-every N to start a chain when there is none.`],
    })
  }

  if (parent.chain.highWater === undefined) {
    // The parent read nothing that had the field: everything is new since then.
    return {link: {field, depth: parent.chain.depth + 1, parent: parent.key}, since: 0}
  }

  if (options.field && options.field !== parent.chain.field) {
    throw usageError(`--since-field ${options.field} differs from the chain's field ${parent.chain.field}`, 'Start a new chain with --full-every 1, or keep the field.')
  }

  const since = Math.max(0, parent.chain.highWater - (options.overlapMs ?? DEFAULT_OVERLAP_MS))
  return {link: {field, depth: parent.chain.depth + 1, parent: parent.key, since}, since}
}

/**
 * A chain from its root (the full backup) to `key`, following parent links. A missing or unreadable link, or a
 * parent that is not one, stops it: a chain restored without one of its links would be silently short.
 */
export async function resolveChain(key: string, read: (key: string) => Promise<Manifest>): Promise<Array<{key: string, manifest: Manifest}>> {
  const links: Array<{key: string, manifest: Manifest}> = []
  const seen = new Set<string>()
  let at: string | undefined = key
  while (at !== undefined) {
    if (seen.has(at)) throw new AossError('USAGE', `the backup chain loops at ${at}`)
    seen.add(at)
    let manifest: Manifest
    try {
      manifest = await read(at)
    } catch (error) {
      if (links.length === 0) throw error
      throw new AossError('NOT_FOUND', `the backup chain is broken: ${links[0]!.key} names the parent ${at}, which cannot be read (${(error as Error).message})`, {
        hints: ['Restore from a full backup instead, or take a new full one (aoss backup INDEX --full-every 1).'],
        cause: error,
      })
    }

    const chain: ChainLink | undefined = manifest.chain
    if (links.length > 0 && chain === undefined) throw new AossError('USAGE', `the backup chain is broken: ${at} is not part of a chain`)
    links.unshift({key: at, manifest})
    at = chain?.parent
  }

  return links
}
