/**
 * Sizes people write the way they think of them: `5MiB`, `512k`, `10mb`, or plain bytes.
 * Binary units throughout (1 KB = 1 KiB = 1024 bytes): payload limits are quoted that way (10 MiB = 10485760).
 * Free of oclif so the Lambda bundle can use it; each caller words its own error.
 */
const UNITS: Record<string, number> = {'': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3}

/** The size in bytes, or undefined when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined
  if (!match || unit === undefined) return undefined
  return Math.round(Number(match[1]) * unit)
}
