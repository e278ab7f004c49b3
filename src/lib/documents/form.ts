/**
 * The document form of `doc put --interactive`, without any terminal: a mapping becomes a prompt plan (one step
 * per field, in mapping order, the right kind of prompt per field type), answers are checked and converted here,
 * and `fillForm` walks the plan with whatever asks the questions (enquirer in form-prompt.ts, a script in tests).
 */
import {isIP} from 'node:net'

/** How a field is asked for. */
export type PromptKind = 'text' | 'integer' | 'number' | 'toggle' | 'date' | 'select' | 'ip' | 'geo-point' | 'vector' | 'json'

export interface FieldStep {
  kind: 'field'
  /** Dotted path in the document, e.g. `dimensions.width`. */
  path: string
  /** The mapping type, e.g. `keyword`. */
  type: string
  prompt: PromptKind
  /** Entered as a comma-separated list, stored as an array. */
  array: boolean
  required: boolean
  /** Offered as a list (keyword fields with few distinct values). */
  choices?: string[]
  /** knn_vector dimension. */
  dimension?: number
  /** `format` of a date field, when it allows epoch numbers. */
  epoch?: boolean
  /** One line shown beside the question: what to type. */
  hint: string
}

export interface GroupStep {
  kind: 'group'
  path: string
  /** `nested`: a list of objects, asked for entry by entry; otherwise one object. */
  nested: boolean
  required: boolean
  steps: Step[]
}

export type Step = FieldStep | GroupStep

export interface FormPlan {
  index: string
  steps: Step[]
  /** No mapped fields yet: free key/value entry. */
  freeForm: boolean
}

/** What the mapping alone does not say, gathered from the index (form-hints.ts). */
export interface FormHints {
  /** Few distinct values seen for a keyword field: offered as a list. */
  choices?: Record<string, string[]>
  /** Fields that hold arrays in existing documents. */
  arrays?: string[]
  /** Fields the user must fill (from the mapping's `_meta.required`). */
  required?: string[]
}

const TEXT_TYPES = new Set(['text', 'keyword', 'match_only_text', 'wildcard', 'search_as_you_type', 'version', 'binary', 'constant_keyword', 'token_count'])
const INTEGER_TYPES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  unsigned_long: [0, Number.MAX_SAFE_INTEGER],
}
const NUMBER_TYPES = new Set(['float', 'double', 'half_float', 'scaled_float'])
/** Not written by documents: skipped. */
const SKIPPED_TYPES = new Set(['alias'])

interface MappingNode {
  type?: string
  properties?: Record<string, MappingNode>
  enabled?: boolean
  format?: string
  dimension?: number
}

/** Reads `_meta.required` (a list of dotted paths) from a mapping: OpenSearch has no required fields of its own. */
export function requiredFromMapping(mapping: Record<string, unknown>): string[] {
  const required = (mapping._meta as {required?: unknown} | undefined)?.required
  return Array.isArray(required) ? required.filter((item): item is string => typeof item === 'string') : []
}

export function planForm(index: string, mapping: Record<string, unknown>, hints: FormHints = {}): FormPlan {
  const required = new Set([...(hints.required ?? []), ...requiredFromMapping(mapping)])
  const arrays = new Set(hints.arrays ?? [])
  const choices = hints.choices ?? {}
  const properties = (mapping.properties ?? {}) as Record<string, MappingNode>
  const steps = planProperties(properties, '', {required, arrays, choices})
  return {index, steps, freeForm: steps.length === 0}
}

interface PlanContext {
  required: Set<string>
  arrays: Set<string>
  choices: Record<string, string[]>
}

function planProperties(properties: Record<string, MappingNode>, prefix: string, context: PlanContext): Step[] {
  const steps: Step[] = []
  for (const [name, node] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name
    const type = node.type ?? (node.properties ? 'object' : 'object')
    if (SKIPPED_TYPES.has(type)) continue
    if ((type === 'object' || type === 'nested') && node.properties && node.enabled !== false) {
      const children = planProperties(node.properties, path, context)
      if (children.length > 0) steps.push({kind: 'group', path, nested: type === 'nested', required: context.required.has(path), steps: children})
      continue
    }

    steps.push(planField(path, type, node, context))
  }

  return steps
}

function planField(path: string, type: string, node: MappingNode, context: PlanContext): FieldStep {
  const required = context.required.has(path)
  const array = context.arrays.has(path) && !['geo_point', 'knn_vector', 'object', 'nested', 'flat_object', 'flattened'].includes(type)
  const base = {kind: 'field' as const, path, type, required, array}
  const list = array ? 'comma-separated ' : ''
  if (type === 'keyword' && context.choices[path]?.length && !array) {
    return {...base, prompt: 'select', choices: context.choices[path], hint: 'a value seen in the index, or another'}
  }

  if (TEXT_TYPES.has(type)) {
    const known = context.choices[path]?.length ? ` (seen: ${context.choices[path].join(', ')})` : ''
    return {...base, prompt: 'text', hint: array ? `${list}values${known}` : type === 'text' ? 'text' : `a ${type} value`}
  }

  if (type in INTEGER_TYPES) return {...base, prompt: 'integer', hint: `${list}whole number${array ? 's' : ''}`}
  if (NUMBER_TYPES.has(type)) return {...base, prompt: 'number', hint: `${list}number${array ? 's' : ''}, e.g. 59.9`}
  if (type === 'boolean') return array ? {...base, prompt: 'text', hint: 'comma-separated true/false'} : {...base, prompt: 'toggle', hint: 'true or false'}
  if (type === 'date' || type === 'date_nanos') {
    const epoch = /epoch/.test(node.format ?? '')
    return {...base, prompt: 'date', epoch, hint: `${list}ISO 8601 date, e.g. 2026-11-27 or 2026-11-27T10:30:00Z, or "now"${epoch ? ', or epoch milliseconds' : ''}`}
  }

  if (type === 'ip') return {...base, prompt: 'ip', hint: `${list}IPv4 or IPv6 address`}
  if (type === 'geo_point') return {...base, prompt: 'geo-point', hint: 'latitude,longitude, e.g. 52.52,13.40'}
  if (type === 'knn_vector') return {...base, prompt: 'vector', dimension: node.dimension, hint: `${node.dimension ?? 'comma-separated'} numbers, comma-separated`}
  return {...base, prompt: 'json', array: false, hint: `JSON for a ${type} field`}
}

export type Parsed = {ok: true, value: unknown} | {ok: true, skip: true} | {ok: false, error: string}

/** Checks and converts one answer. Empty answers skip optional fields and are refused for required ones. */
export function parseAnswer(step: FieldStep, raw: string | boolean, now: () => Date = () => new Date()): Parsed {
  if (typeof raw === 'boolean') return {ok: true, value: raw}
  const text = raw.trim()
  if (text === '') return step.required ? {ok: false, error: `${step.path} is required`} : {ok: true, skip: true}
  if (step.prompt === 'vector') return parseVector(text, step.dimension)
  if (step.prompt === 'geo-point') return parseGeoPoint(text)
  if (step.prompt === 'json') return parseJsonAnswer(text)
  if (!step.array) return parseScalar(step, text, now)
  const values: unknown[] = []
  for (const item of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const parsed = parseScalar(step, item, now)
    if (!parsed.ok) return {ok: false, error: `"${item}": ${parsed.error}`}
    if ('value' in parsed) values.push(parsed.value)
  }

  return values.length === 0 && step.required ? {ok: false, error: `${step.path} is required`} : {ok: true, value: values}
}

function parseScalar(step: FieldStep, text: string, now: () => Date): Parsed {
  switch (step.prompt) {
    case 'integer': {
      if (!/^[-+]?\d+$/.test(text)) return {ok: false, error: 'enter a whole number'}
      const value = Number(text)
      const [min, max] = INTEGER_TYPES[step.type] ?? INTEGER_TYPES.long
      if (value < min || value > max) return {ok: false, error: `a ${step.type} must be between ${min} and ${max}`}
      return {ok: true, value}
    }

    case 'number': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return {ok: false, error: 'enter a number, e.g. 59.9'}
      const value = Number(text)
      return Number.isFinite(value) ? {ok: true, value} : {ok: false, error: 'the number is too large'}
    }

    case 'toggle': {
      if (/^(true|yes|y|1)$/i.test(text)) return {ok: true, value: true}
      if (/^(false|no|n|0)$/i.test(text)) return {ok: true, value: false}
      return {ok: false, error: 'enter true or false'}
    }

    case 'date':
      return parseDate(text, Boolean(step.epoch), now)
    case 'ip':
      return isIP(text) ? {ok: true, value: text} : {ok: false, error: 'enter an IPv4 or IPv6 address'}
    default:
      return {ok: true, value: text}
  }
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/

export function parseDate(text: string, epoch: boolean, now: () => Date = () => new Date()): Parsed {
  if (text.toLowerCase() === 'now') return {ok: true, value: now().toISOString()}
  if (epoch && /^\d{1,16}$/.test(text)) return {ok: true, value: Number(text)}
  const match = ISO_8601.exec(text)
  const error = 'enter an ISO 8601 date, e.g. 2026-11-27 or 2026-11-27T10:30:00Z (or "now")'
  if (!match) return {ok: false, error}
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match
  const month = Number(mo)
  const day = Number(d)
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return {ok: false, error: `${text} is not a real date or time`}
  }

  return {ok: true, value: text.replace(' ', 'T')}
}

function parseVector(text: string, dimension?: number): Parsed {
  const parts = text.replace(/^\[|\]$/g, '').split(',').map((part) => part.trim())
  const values = parts.map(Number)
  if (parts.some((part) => part === '') || values.some((value) => !Number.isFinite(value))) return {ok: false, error: 'enter numbers separated by commas'}
  if (dimension !== undefined && values.length !== dimension) return {ok: false, error: `this vector has ${dimension} dimensions; got ${values.length} numbers`}
  return {ok: true, value: values}
}

function parseGeoPoint(text: string): Parsed {
  const match = /^\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)\s*$/.exec(text)
  if (!match) return {ok: false, error: 'enter latitude,longitude, e.g. 52.52,13.40'}
  const lat = Number(match[1])
  const lon = Number(match[2])
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return {ok: false, error: 'latitude is -90…90 and longitude -180…180'}
  return {ok: true, value: {lat, lon}}
}

function parseJsonAnswer(text: string): Parsed {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    return {ok: false, error: 'enter valid JSON'}
  }
}

/** Free entry: JSON when it parses (numbers, true, arrays, objects), else the text itself. */
export function parseLoose(raw: string): unknown {
  const text = raw.trim()
  if (text === '') return ''
  try {
    return JSON.parse(text)
  } catch {
    return raw
  }
}

/** Refuses names OpenSearch would refuse or treat specially. */
export function checkFieldName(name: string): true | string {
  const trimmed = name.trim()
  if (trimmed.startsWith('_')) return 'field names starting with _ are reserved for metadata'
  if (/^\.|\.$|\.\./.test(trimmed)) return 'a field name cannot start or end with a dot, or hold two dots in a row'
  return true
}

/** Asks the questions. Every method may reject to cancel (Ctrl-C); nothing is written then. */
export interface Asker {
  /** The raw answer: text, or a boolean for toggles. */
  field(step: FieldStep): Promise<string | boolean>
  /** Object: announces the group (the answer is ignored). Nested: whether to add entry number `entry` (0-based). */
  group(step: GroupStep, entry: number): Promise<boolean>
  /** Free entry: the next field name, '' to finish. */
  freeKey(count: number): Promise<string>
  freeValue(key: string): Promise<string>
}

/**
 * The answers so far: one entry per top-level step of the plan (per field name in free entry), in order, so that
 * one of them can be asked again from the preview. `undefined` leaves the field out of the document.
 */
export type FormAnswers = Array<[key: string, value: unknown]>

export async function fillForm(plan: FormPlan, asker: Asker): Promise<Record<string, unknown>> {
  return documentOf(await answerForm(plan, asker))
}

export async function answerForm(plan: FormPlan, asker: Asker): Promise<FormAnswers> {
  if (plan.freeForm) return fillFree(asker)
  const answers: FormAnswers = []
  for (const step of plan.steps) answers.push([step.path, await answerStep(step, asker)])
  return answers
}

export function documentOf(answers: FormAnswers): Record<string, unknown> {
  return Object.fromEntries(answers.filter(([, value]) => value !== undefined))
}

/** What the preview offers to change: every top-level field or group of the plan, or every name entered freely. */
export function editableKeys(plan: FormPlan, answers: FormAnswers): string[] {
  return plan.freeForm ? answers.map(([key]) => key) : plan.steps.map((step) => step.path)
}

/** Asks one entry again (a whole group for a group) and returns the answers with it replaced. */
export async function answerAgain(plan: FormPlan, answers: FormAnswers, key: string, asker: Asker): Promise<FormAnswers> {
  const step = plan.steps.find((candidate) => candidate.path === key)
  if (!plan.freeForm && !step) throw new Error(`no field ${key} in the form`)
  const value = step ? await answerStep(step, asker) : parseLoose(await asker.freeValue(key))
  return answers.map(([name, old]) => [name, name === key ? value : old])
}

/** What to do at the preview. */
export type ReviewChoice = {action: 'send'} | {action: 'cancel'} | {action: 'edit', key: string}

/**
 * The whole form: every question, then the preview until it is sent (the document) or cancelled (undefined).
 * `review` shows the document and says what to do next; an edit asks that entry again and shows the result.
 */
export async function completeForm(
  plan: FormPlan,
  asker: Asker,
  review: (document: Record<string, unknown>, editable: string[]) => Promise<ReviewChoice>,
): Promise<Record<string, unknown> | undefined> {
  let answers = await answerForm(plan, asker)
  for (;;) {
    const document = documentOf(answers)
    const choice = await review(document, editableKeys(plan, answers))
    if (choice.action === 'send') return document
    if (choice.action === 'cancel') return undefined
    answers = await answerAgain(plan, answers, choice.key, asker)
  }
}

async function answerStep(step: Step, asker: Asker): Promise<unknown> {
  if (step.kind === 'field') {
    // The asker validates with parseAnswer; parse again so a careless asker cannot slip a bad value through.
    const parsed = parseAnswer(step, await asker.field(step))
    if (!parsed.ok) throw new Error(`invalid answer for ${step.path}: ${parsed.error}`)
    return 'value' in parsed ? parsed.value : undefined
  }

  if (!step.nested) {
    await asker.group(step, 0)
    const child = await fillSteps(step.steps, asker)
    return Object.keys(child).length > 0 ? child : undefined
  }

  const entries: Array<Record<string, unknown>> = []
  while (await asker.group(step, entries.length)) {
    const child = await fillSteps(step.steps, asker)
    if (Object.keys(child).length > 0) entries.push(child)
  }

  return entries.length > 0 ? entries : undefined
}

async function fillSteps(steps: Step[], asker: Asker): Promise<Record<string, unknown>> {
  const doc: Record<string, unknown> = {}
  for (const step of steps) {
    const value = await answerStep(step, asker)
    if (value !== undefined) doc[step.path.split('.').at(-1) as string] = value
  }

  return doc
}

async function fillFree(asker: Asker): Promise<FormAnswers> {
  const answers: FormAnswers = []
  for (;;) {
    const key = (await asker.freeKey(answers.length)).trim()
    if (key === '') return answers
    if (checkFieldName(key) !== true) throw new Error(`invalid field name ${key}: ${checkFieldName(key)}`)
    const value = parseLoose(await asker.freeValue(key))
    const known = answers.findIndex(([name]) => name === key)
    if (known >= 0) answers[known] = [key, value]
    else answers.push([key, value])
  }
}

/** Required fields (dotted) the plan has, for the form's header line. */
export function requiredPaths(steps: Step[]): string[] {
  return steps.flatMap((step) => (step.kind === 'field' ? (step.required ? [step.path] : []) : [...(step.required ? [step.path] : []), ...requiredPaths(step.steps)]))
}
