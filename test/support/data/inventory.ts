/**
 * Deterministic product inventory for tests and benchmarks: the same `i` always gives the same
 * document (seeded PRNG, no Math.random). Prices come from a small set of price points, so many
 * docs share a price and sorts on `price` alone have ties — what makes tiebreaker tests meaningful.
 */

export interface InventoryOptions {
  /** Approximate serialized size of each document in bytes (default 1024). */
  bytes?: number
}

export interface InventoryDoc {
  _id: string
  _source: InventorySource
}

export interface InventorySource {
  sku: string
  name: string
  title: string
  description: string
  category: string
  brand: string
  price: number
  stock: number
  active: boolean
  created_at: string
  tags: string[]
  dimensions: {width_cm: number; height_cm: number; depth_cm: number; weight_kg: number}
  variants: Array<{sku: string; color: string; size: string; stock: number}>
}

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!

const COLORS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Grey', 'Yellow', 'Orange', 'Purple', 'Brown'] as const
const ADJECTIVES = ['running', 'trail', 'waterproof', 'lightweight', 'classic', 'insulated', 'compact', 'ergonomic', 'vintage', 'foldable'] as const
const PRODUCTS: Record<string, readonly string[]> = {
  footwear: ['shoes', 'boots', 'sandals', 'sneakers'],
  apparel: ['jacket', 'shirt', 'hoodie', 'shorts', 'socks'],
  outdoor: ['tent', 'backpack', 'sleeping bag', 'headlamp'],
  kitchen: ['kettle', 'mug', 'frying pan', 'knife set'],
  electronics: ['headphones', 'speaker', 'charger', 'keyboard'],
  home: ['lamp', 'blanket', 'cushion', 'shelf'],
}
const CATEGORIES = Object.keys(PRODUCTS)
const BRANDS = ['Acme', 'Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay'] as const
const TAGS = ['new', 'sale', 'bestseller', 'eco', 'limited', 'gift', 'clearance', 'premium'] as const
const SIZES = ['XS', 'S', 'M', 'L', 'XL'] as const
const WORDS = (
  'durable comfortable everyday design material quality stitching breathable fabric sole grip weather season travel ' +
  'warranty recycled cotton steel handle battery wireless sound cushioning support fit style colour finish easy clean ' +
  'storage portable strong light soft warm cool reliable tested customers favourite update model edition range'
).split(' ')

/** A fixed pool of sentences; descriptions are stitched from it, which keeps generation fast. */
const SENTENCES: string[] = (() => {
  const rand = prng(42)
  return Array.from({length: 256}, () => {
    const n = 6 + Math.floor(rand() * 10)
    const words = Array.from({length: n}, () => pick(rand, WORDS))
    return words[0]!.charAt(0).toUpperCase() + words.join(' ').slice(1) + '.'
  })
})()

/** About 100 distinct price points, so ties are common. */
const priceOf = (rand: () => number): number => Math.floor(rand() * 100) * 5 + 4.99

const BASE_TIME = Date.UTC(2023, 0, 1)

export function inventoryDoc(i: number, opts: InventoryOptions = {}): InventoryDoc {
  const rand = prng(Math.imul(i + 1, 2654435761))
  const category = pick(rand, CATEGORIES)
  const color = pick(rand, COLORS)
  const name = `${color} ${pick(rand, ADJECTIVES)} ${pick(rand, PRODUCTS[category]!)}`
  const brand = pick(rand, BRANDS)
  const sku = `SKU-${String(i).padStart(8, '0')}`
  const source: InventorySource = {
    sku,
    name,
    title: `${brand} ${name}`,
    description: '',
    category,
    brand,
    price: priceOf(rand),
    stock: Math.floor(rand() * 500),
    active: rand() > 0.15,
    created_at: new Date(BASE_TIME + i * 37 * 60_000 + Math.floor(rand() * 60_000)).toISOString(),
    tags: Array.from(new Set(Array.from({length: 1 + Math.floor(rand() * 3)}, () => pick(rand, TAGS)))),
    dimensions: {
      width_cm: Math.round(rand() * 1000) / 10,
      height_cm: Math.round(rand() * 1000) / 10,
      depth_cm: Math.round(rand() * 1000) / 10,
      weight_kg: Math.round(rand() * 20_000) / 1000,
    },
    variants: Array.from({length: 1 + Math.floor(rand() * 3)}, (_, k) => ({
      sku: `${sku}-${k}`,
      color: pick(rand, COLORS),
      size: pick(rand, SIZES),
      stock: Math.floor(rand() * 100),
    })),
  }
  const target = opts.bytes ?? 1024
  const room = target - JSON.stringify(source).length
  let description = ''
  while (description.length < room) description += (description === '' ? '' : ' ') + SENTENCES[Math.floor(rand() * SENTENCES.length)]
  source.description = description.slice(0, Math.max(room, 20)).trimEnd()
  return {_id: sku, _source: source}
}

export function* generateInventory(count: number, opts: InventoryOptions & {start?: number} = {}): Generator<InventoryDoc> {
  const start = opts.start ?? 0
  for (let i = start; i < start + count; i++) yield inventoryDoc(i, opts)
}

/** Explicit mapping for the inventory index; `variants` is nested so per-variant queries stay exact. */
export const inventoryMappings = {
  properties: {
    sku: {type: 'keyword'},
    name: {type: 'text', fields: {keyword: {type: 'keyword', ignore_above: 256}}},
    title: {type: 'text'},
    description: {type: 'text'},
    category: {type: 'keyword'},
    brand: {type: 'keyword'},
    price: {type: 'float'},
    stock: {type: 'integer'},
    active: {type: 'boolean'},
    created_at: {type: 'date'},
    tags: {type: 'keyword'},
    dimensions: {
      properties: {
        width_cm: {type: 'float'},
        height_cm: {type: 'float'},
        depth_cm: {type: 'float'},
        weight_kg: {type: 'float'},
      },
    },
    variants: {
      type: 'nested',
      properties: {
        sku: {type: 'keyword'},
        color: {type: 'keyword'},
        size: {type: 'keyword'},
        stock: {type: 'integer'},
      },
    },
  },
} as const
