/**
 * What a write would meet on the target, judged from facts alone (pure): whether the index exists and what the run
 * would do with it, the settings its flavour refuses, whether it takes custom ids, and where its mapping differs
 * from the source's. `inspectTarget` (write-target.ts) gathers the facts with harmless reads.
 */
import {settingsForFlavour} from '../cluster/settings-filter.js'
import type {Flavour} from '../connection/flavour.js'
import type {IdMode} from '../write/writer.js'

export interface TargetFacts {
  index: string
  flavour: Flavour
  /** From the AOSS control plane (search, timeseries, vectorsearch), when it could be asked. */
  collectionType?: string
  exists: boolean
  /** The target's mapping, when it exists. */
  mappings?: Record<string, unknown>
}

export interface WriteIntent {
  createIndex?: boolean
  idMode?: IdMode
  idField?: string
  /** What the source recorded (a backup's manifest, the source index of a copy); absent for a data file. */
  sourceMappings?: Record<string, unknown>
  sourceSettings?: Record<string, unknown>
}

/** kept: sent and accepted; dropped: not sent; refused: the run would stop on them; unknown: the type is not known. */
export type IdsVerdict = 'kept' | 'dropped' | 'refused' | 'unknown'

export interface TargetJudgement {
  /** write: into the existing index; create: --create-index makes it; dynamic: the first _bulk makes it with dynamic mappings; blocked: --create-index but it exists. */
  action: 'write' | 'create' | 'dynamic' | 'blocked'
  settingsRefused: string[]
  ids: IdsVerdict
  mappingDifferences: string[]
  /** One sentence per thing the run would not carry, or would stop on. */
  notCarried: string[]
}

export function judgeTarget(facts: TargetFacts, intent: WriteIntent): TargetJudgement {
  const notCarried: string[] = []
  const action = facts.exists ? (intent.createIndex ? 'blocked' : 'write') : intent.createIndex ? 'create' : 'dynamic'
  if (action === 'blocked') notCarried.push(`${facts.index} exists: --create-index would stop before writing (leave it out to write into it)`)
  if (action === 'dynamic') notCarried.push(`${facts.index} does not exist: the first _bulk would create it with dynamic mappings, so the source's mappings and settings are not carried${intent.sourceMappings ? ' (--create-index creates it from them)' : ''}`)

  const settingsRefused = action === 'create' ? settingsForFlavour(intent.sourceSettings, facts.flavour).refusedByFlavour : []
  for (const name of settingsRefused) notCarried.push(`setting ${name}: ${facts.flavour} refuses it, so it is left out`)

  const ids = idsVerdict(facts.flavour, facts.collectionType, intent.idMode ?? 'keep')
  const idText = {
    kept: undefined,
    dropped: intent.idMode === 'drop'
      ? 'document ids: not sent (--id-mode drop); the server assigns new ones'
      : `document ids: the ${facts.collectionType} collection assigns its own, so the source's are not kept${intent.idField ? ` (they go into ${intent.idField})` : ' (--id-field keeps them in a field)'}`,
    refused: `document ids: the ${facts.collectionType} collection refuses custom ids; with --id-mode keep the run would stop at the first batch (pass --id-mode auto)`,
    unknown: 'document ids: not known whether the collection accepts them (its type could not be read from the control plane); time-series and vector collections refuse them, and then --id-mode keep stops at the first batch while auto writes without them',
  }[ids]
  if (idText) notCarried.push(idText)

  const mappingDifferences = action === 'write' && intent.sourceMappings && facts.mappings ? compareMappings(intent.sourceMappings, facts.mappings) : []
  for (const difference of mappingDifferences) notCarried.push(`mapping ${difference}`)
  return {action, settingsRefused, ids, mappingDifferences, notCarried}
}

export function idsVerdict(flavour: Flavour, collectionType: string | undefined, idMode: IdMode): IdsVerdict {
  if (idMode === 'drop') return 'dropped'
  if (flavour !== 'serverless') return 'kept'
  const type = collectionType?.toLowerCase()
  if (type === 'timeseries' || type === 'vectorsearch') return idMode === 'auto' ? 'dropped' : 'refused'
  return type === 'search' ? 'kept' : 'unknown'
}

/** Fields the source maps differently from the target (type), or that the target lacks; extra target fields do no harm. */
export function compareMappings(source: Record<string, unknown>, target: Record<string, unknown>): string[] {
  const ours = fieldTypes(source.properties, '')
  const theirs = fieldTypes(target.properties, '')
  const strict = target.dynamic === 'strict' || target.dynamic === false || target.dynamic === 'false'
  const differences: string[] = []
  const missing: string[] = []
  for (const [field, type] of ours) {
    const other = theirs.get(field)
    if (other === undefined) missing.push(field)
    else if (other !== type) differences.push(`${field}: ${type} in the source, ${other} in the target`)
  }

  if (missing.length > 0) {
    const how = target.dynamic === 'strict' ? 'its mapping is strict, so documents with them are refused' : strict ? 'dynamic mapping is off, so they are not indexed' : 'dynamic mapping would add them, perhaps with other types'
    differences.push(`${missing.length} field${missing.length > 1 ? 's' : ''} not in the target's mapping (${how}): ${missing.join(', ')}`)
  }

  return differences
}

function fieldTypes(properties: unknown, prefix: string): Map<string, string> {
  const types = new Map<string, string>()
  for (const [name, value] of Object.entries((properties ?? {}) as Record<string, {type?: string, properties?: unknown}>)) {
    if (value.properties) for (const [field, type] of fieldTypes(value.properties, `${prefix}${name}.`)) types.set(field, type)
    else types.set(prefix + name, value.type ?? 'object')
  }

  return types
}
