/**
 * How a hit is summarised for a person, whatever draws it (terminal cards, the browser's result cards): which
 * field is its title, and a value shortened to one line.
 */
import {flatten} from './flatten.js'

/** Field names that usually hold a human title, best first. */
const TITLE_NAMES = ['title', 'name', 'product_name', 'productname', 'display_name', 'displayname', 'label', 'subject', 'headline', 'heading', 'caption']
const TITLE_SUFFIXES = ['_title', 'title', '_name', 'name']

/** The dotted path of the field to use as a card title, if one looks like a title. */
export function titleField(source: Record<string, unknown> | undefined): string | undefined {
  if (!source) return undefined
  const flat = flatten(source)
  const candidates = [...flat.entries()].filter(([, value]) => typeof value === 'string' && value.trim() !== '' && value.length <= 200)
  const leaf = (path: string) => path.split('.').at(-1)!.toLowerCase()
  for (const name of TITLE_NAMES) {
    const hit = candidates.find(([path]) => leaf(path) === name && !path.includes('.'))
    if (hit) return hit[0]
  }

  for (const name of TITLE_NAMES) {
    const hit = candidates.find(([path]) => leaf(path) === name)
    if (hit) return hit[0]
  }

  return candidates.find(([path]) => TITLE_SUFFIXES.some((suffix) => leaf(path).endsWith(suffix)))?.[0]
}

export function formatValue(value: unknown, maxWidth = 80): string {
  let text: string
  if (value === null || value === undefined) text = 'null'
  else if (Array.isArray(value)) {
    text = value.every((item) => item === null || typeof item !== 'object')
      ? value.map((item) => formatValue(item, maxWidth)).join(', ')
      : `[${value.length} ${value.length === 1 ? 'item' : 'items'}] ${JSON.stringify(value)}`
  } else if (typeof value === 'object') text = JSON.stringify(value)
  else text = String(value)
  text = text.replace(/\s+/g, ' ').trim()
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text
}
