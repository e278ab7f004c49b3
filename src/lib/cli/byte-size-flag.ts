/**
 * A flag for sizes people write the way they think of them: `5MiB`, `512k`, `10mb`, or plain bytes.
 * Binary units throughout (1 KB = 1 KiB = 1024 bytes): payload limits are quoted that way (10 MiB = 10485760).
 */
import {Errors, Flags} from '@oclif/core'

const UNITS: Record<string, number> = {'': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3}

export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined
  if (!match || unit === undefined) throw new Error(`expected a size such as 5MiB, 512KiB or 1048576 (got "${text}")`)
  return Math.round(Number(match[1]) * unit)
}

export const byteSizeFlag = Flags.custom<number>({
  async parse(input) {
    try {
      return parseByteSize(input)
    } catch (error) {
      // A CLIError is what the base command reports as a usage error (exit 2).
      throw new Errors.CLIError((error as Error).message)
    }
  },
})
