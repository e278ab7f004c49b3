/** A flag for sizes such as `5MiB`, `512k` or plain bytes (see ../byte-size.ts for the units). */
import {Errors, Flags} from '@oclif/core'

import {parseByteSize} from '../lib/byte-size.js'

export const byteSizeFlag = Flags.custom<number>({
  async parse(input) {
    const bytes = parseByteSize(input)
    // A CLIError is what the base command reports as a usage error (exit 2).
    if (bytes === undefined) throw new Errors.CLIError(`expected a size such as 5MiB, 512KiB or 1048576 (got "${input}")`)
    return bytes
  },
})
