/**
 * Where a JSON text first goes wrong, as line and column. Node 20's JSON.parse messages name a position only
 * for some errors ("Unexpected token '}', … is not valid JSON" has none), so the text is scanned again here,
 * only after JSON.parse has already failed.
 */

export interface JsonFault {
  /** 0-based character offset. */
  offset: number
  /** 1-based. */
  line: number
  /** 1-based, in characters. */
  column: number
  problem: string
}

class Fault extends Error {
  constructor(readonly offset: number, readonly problem: string) {
    super(problem)
  }
}

export function locateJsonFault(text: string): JsonFault | undefined {
  let pos = 0
  const fail = (problem: string): never => {
    throw new Fault(pos, problem)
  }

  const describe = (): string => (pos >= text.length ? 'the end of the input' : `'${text[pos]}'`)
  const skipSpace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++
  }

  const expectLiteral = (word: string) => {
    if (text.startsWith(word, pos)) pos += word.length
    else fail(`unexpected ${describe()}`)
  }

  const string = () => {
    pos++ // opening quote
    while (pos < text.length) {
      const c = text[pos]
      if (c === '"') {
        pos++
        return
      }

      if (c === '\\') {
        const next = text[pos + 1]
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('bad \\u escape in a string')
          pos += 6
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          pos += 2
        } else {
          pos++
          fail('bad escape in a string')
        }
      } else if (c < ' ') {
        fail(c === '\n' ? 'a string is not closed before the end of the line' : 'control character in a string')
      } else {
        pos++
      }
    }

    fail('a string is not closed')
  }

  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos))
    if (!match) fail(`unexpected ${describe()}`)
    pos += (match as RegExpExecArray)[0].length
  }

  const value = (): void => {
    skipSpace()
    const c = text[pos]
    if (c === '{') return object()
    if (c === '[') return array()
    if (c === '"') return string()
    if (c === 't') return expectLiteral('true')
    if (c === 'f') return expectLiteral('false')
    if (c === 'n') return expectLiteral('null')
    if (c === '-' || (c >= '0' && c <= '9')) return number()
    if (c === "'") fail("strings need double quotes, not single quotes")
    fail(pos >= text.length ? 'the input ends where a value was expected' : `unexpected ${describe()} where a value was expected`)
  }

  const object = () => {
    pos++
    skipSpace()
    if (text[pos] === '}') {
      pos++
      return
    }

    for (;;) {
      skipSpace()
      if (text[pos] !== '"') fail(text[pos] === '}' ? 'trailing comma before }' : `expected a property name in double quotes, found ${describe()}`)
      string()
      skipSpace()
      if (text[pos] !== ':') fail(`expected ':' after a property name, found ${describe()}`)
      pos++
      value()
      skipSpace()
      if (text[pos] === ',') {
        pos++
        continue
      }

      if (text[pos] === '}') {
        pos++
        return
      }

      fail(`expected ',' or '}' after a property value, found ${describe()}`)
    }
  }

  const array = () => {
    pos++
    skipSpace()
    if (text[pos] === ']') {
      pos++
      return
    }

    for (;;) {
      value()
      skipSpace()
      if (text[pos] === ',') {
        pos++
        skipSpace()
        if (text[pos] === ']') fail('trailing comma before ]')
        continue
      }

      if (text[pos] === ']') {
        pos++
        return
      }

      fail(`expected ',' or ']' after an array element, found ${describe()}`)
    }
  }

  try {
    if (text.charCodeAt(0) === 0xfe_ff) pos = 1
    value()
    skipSpace()
    if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON value`)
    return undefined
  } catch (error) {
    if (!(error instanceof Fault)) throw error
    return {offset: error.offset, ...lineAndColumn(text, error.offset), problem: error.problem}
  }
}

export function lineAndColumn(text: string, offset: number): {line: number, column: number} {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }

  return {line, column: offset - lineStart + 1}
}
