/**
 * A hit that keeps its `_source` as the exact text the server sent, and parses it only if someone reads it.
 *
 * Export writes that text as it is: parsing and re-serialising every source costs most of an export's CPU and
 * changes data (integers above 2^53 are rounded, 1.50 becomes 1.5). Readers that do look at `_source` (tests,
 * sorting checks) still see a plain object, so a RawHit can go wherever a Hit goes.
 */
import type {Hit} from './types.js'

/** The `_source` accessor every RawHit gets; set by the class's static block, which may touch private fields. */
let SOURCE: PropertyDescriptor

export class RawHit implements Hit {
  _index: string
  _id: string
  declare _source: Record<string, unknown>
  // Private fields stay out of Object.keys, spreads and deep equality: the hit still looks like {_index, _id, _source}.
  #text: string | undefined
  #parsed: Record<string, unknown> | undefined

  /** `text` must be one JSON object on one line; it is written out byte for byte. */
  constructor(index: string, id: string, text: string) {
    this._index = index
    this._id = id
    this.#text = text
    // An own enumerable accessor, not the prototype's: callers and tests see `_source` as an own key.
    Object.defineProperty(this, '_source', SOURCE)
  }

  /** The server's text while `_source` is unchanged; undefined once it was assigned. */
  static textOf(hit: Hit): string | undefined {
    return #text in hit ? (hit as RawHit).#text : undefined
  }

  static {
    // One descriptor object for every instance, so all RawHits share one shape.
    SOURCE = {
      enumerable: true,
      configurable: true,
      get(this: RawHit) {
        this.#parsed ??= JSON.parse(this.#text!) as Record<string, unknown>
        return this.#parsed
      },
      set(this: RawHit, value: Record<string, unknown>) {
        // An edited source is no longer what the server sent: write the new value, not the old text.
        this.#parsed = value
        this.#text = undefined
      },
    }
  }
}
