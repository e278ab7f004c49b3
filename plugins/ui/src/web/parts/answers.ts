/** The form's answers mirror the document: immutable updates by position (`['variants', 0, 'sku']`). */
export type Tree = Record<string, unknown>
export type Position = Array<string | number>

export function getAt(tree: unknown, at: Position): unknown {
  return at.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], tree)
}

export function setAt(tree: unknown, at: Position, value: unknown): any {
  if (at.length === 0) return value
  const [head, ...rest] = at
  if (typeof head === 'number') {
    const list = Array.isArray(tree) ? [...tree] : []
    list[head] = setAt(list[head], rest, value)
    return list
  }

  const object = tree && typeof tree === 'object' && !Array.isArray(tree) ? {...(tree as Tree)} : {}
  object[head] = setAt(object[head], rest, value)
  return object
}

export function keyOf(at: Position): string {
  return at.join('.')
}
