/**
 * A small subset of Lucene query syntax, rewritten to query DSL:
 * words, "quoted phrases", field:value, field:"phrase", field:[a TO b], field:<v (and <=, >, >=), wildcards (* ?),
 * AND / OR / NOT and +/- (query_string), + | - (simple_query_string), and parentheses.
 */
type Obj = Record<string, unknown>

type Token = {kind: 'term'; field?: string; text: string; phrase: boolean; range?: [string, string, boolean, boolean]} | {kind: 'op'; op: 'AND' | 'OR' | 'NOT' | '+' | '-' | '(' | ')'}

function tokenize(input: string, simple: boolean): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const c = input[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '(' || c === ')') {
      tokens.push({kind: 'op', op: c})
      i++
      continue
    }
    if (c === '+' || c === '-' || (simple && c === '|')) {
      tokens.push({kind: 'op', op: c === '|' ? 'OR' : c})
      i++
      continue
    }
    if (!simple && c === '&' && input[i + 1] === '&') {
      tokens.push({kind: 'op', op: 'AND'})
      i += 2
      continue
    }
    if (!simple && c === '|' && input[i + 1] === '|') {
      tokens.push({kind: 'op', op: 'OR'})
      i += 2
      continue
    }
    let field: string | undefined
    const fieldMatch = simple ? null : /^([\w.@*-]+):/.exec(input.slice(i))
    if (fieldMatch) {
      field = fieldMatch[1]
      i += fieldMatch[0].length
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1)
      const text = input.slice(i + 1, end === -1 ? undefined : end)
      tokens.push({kind: 'term', field, text, phrase: true})
      i = end === -1 ? input.length : end + 1
      continue
    }
    if (field !== undefined && (input[i] === '[' || input[i] === '{')) {
      const close = /[\]}]/.exec(input.slice(i))
      const end = close ? i + close.index : input.length
      const [lo, hi] = input.slice(i + 1, end).split(/\s+TO\s+/)
      tokens.push({kind: 'term', field, text: '', phrase: false, range: [lo!.trim(), (hi ?? '*').trim(), input[i] === '[', input[end] === ']']})
      i = end + 1
      continue
    }
    const oneSided = field === undefined ? null : /^(<=|>=|<|>)/.exec(input.slice(i))
    if (oneSided) {
      // `price:<50` is Lucene's short form of `price:{* TO 50}`; OpenSearch accepts it, so scripts use it.
      i += oneSided[0].length
      let end = i
      while (end < input.length && !/[\s()]/.test(input[end]!)) end++
      tokens.push({kind: 'term', field, text: '', phrase: false, range: oneSidedRange(oneSided[0], input.slice(i, end))})
      i = end
      continue
    }
    let j = i
    while (j < input.length && !/[\s()]/.test(input[j]!) && !(simple && input[j] === '|')) j++
    const text = input.slice(i, j)
    i = j
    if (!simple && field === undefined && (text === 'AND' || text === 'OR' || text === 'NOT')) tokens.push({kind: 'op', op: text})
    else if (text !== '') tokens.push({kind: 'term', field, text, phrase: false})
  }
  return tokens
}

function oneSidedRange(op: string, value: string): [string, string, boolean, boolean] {
  const inclusive = op.endsWith('=')
  return op.startsWith('<') ? ['*', value, false, inclusive] : [value, '*', inclusive, false]
}

interface Options {
  fields: string[]
  and: boolean
  simple: boolean
}

function leaf(token: Extract<Token, {kind: 'term'}>, opts: Options): Obj {
  const fields = token.field !== undefined ? [token.field] : opts.fields
  if (token.range) {
    const [lo, hi, incLo, incHi] = token.range
    const bounds: Obj = {}
    if (lo !== '*') bounds[incLo ? 'gte' : 'gt'] = lo
    if (hi !== '*') bounds[incHi ? 'lte' : 'lt'] = hi
    return {range: {[fields[0]!]: bounds}}
  }
  if (token.field !== undefined && token.text === '*') return {exists: {field: token.field}}
  const perField = (field: string): Obj => {
    const [name, boost] = field.split('^')
    const b = boost === undefined ? {} : {boost: Number(boost)}
    if (token.phrase) return {match_phrase: {[name!]: {query: token.text, ...b}}}
    if (/[*?]/.test(token.text)) return {wildcard: {[name!]: {value: token.text.toLowerCase(), case_insensitive: true, ...b}}}
    return {match: {[name!]: {query: token.text, ...b}}}
  }
  if (fields.length === 1 && !fields[0]!.includes('*')) return perField(fields[0]!)
  if (!token.phrase && !/[*?]/.test(token.text)) return {multi_match: {query: token.text, fields}}
  if (token.phrase) return {multi_match: {query: token.text, fields, type: 'phrase'}}
  return {bool: {should: fields.map(perField)}}
}

/** Lucene-style occurs: AND makes both sides required, NOT/- excludes, OR/default leaves optional. */
function parseGroup(tokens: Token[], pos: {i: number}, opts: Options): Obj {
  const must: Obj[] = []
  const should: Obj[] = []
  const mustNot: Obj[] = []
  let pendingOccur: 'must' | 'should' | 'must_not' | undefined
  let lastList: Obj[] | undefined
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++]!
    if (t.kind === 'op') {
      if (t.op === ')') break
      if (t.op === '(') {
        place(parseGroup(tokens, pos, opts))
        continue
      }
      if (t.op === 'AND') {
        if (lastList === should) should.length > 0 && must.push(should.pop()!)
        pendingOccur = pendingOccur === 'must_not' ? 'must_not' : 'must'
      } else if (t.op === 'OR') pendingOccur = 'should'
      else if (t.op === 'NOT' || t.op === '-') pendingOccur = 'must_not'
      else if (t.op === '+') pendingOccur = opts.simple ? 'must' : 'must'
      continue
    }
    place(leaf(t, opts))
  }
  function place(q: Obj): void {
    const occur = pendingOccur ?? (opts.and ? 'must' : 'should')
    lastList = occur === 'must' ? must : occur === 'must_not' ? mustNot : should
    lastList.push(q)
    pendingOccur = undefined
  }
  if (must.length === 0 && should.length === 0) must.push({match_all: {}})
  return {bool: {must, should, must_not: mustNot}}
}

export function queryStringToDsl(params: Obj, simple: boolean): Obj {
  const fields = Array.isArray(params.fields) ? params.fields.map(String) : [String(params.default_field ?? '*')]
  const and = String(params.default_operator ?? 'or').toLowerCase() === 'and'
  const tokens = tokenize(String(params.query ?? ''), simple)
  return parseGroup(tokens, {i: 0}, {fields, and, simple})
}
