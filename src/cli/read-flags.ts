/**
 * How export and backup read: page size, slices, strategy and keep-alive, as flags and as the reader's options.
 * One definition, so the two commands cannot drift apart.
 */
import {Flags} from '@oclif/core'

import {resolveSlices} from '../lib/read/export-input.js'
import {DEFAULT_BATCH_SIZE, DEFAULT_KEEP_ALIVE, DEFAULT_MAX_SLICES} from '../lib/read/reader.js'
import type {ReadStrategy} from '../lib/read/types.js'

export const readFlags = {
  'batch-size': Flags.integer({summary: 'Documents per page (at most 10,000).', min: 1, max: 10_000, default: DEFAULT_BATCH_SIZE}),
  slices: Flags.string({summary: 'Parallel slices of the point in time: exactly N, or auto: start at 2, add while docs/s rises, back off on throttling.', default: 'auto', helpValue: 'N|auto'}),
  'max-slices': Flags.integer({summary: `With --slices auto: the most slices read at once (default ${DEFAULT_MAX_SLICES}).`, min: 1, max: 64}),
  strategy: Flags.string({summary: 'How to page: auto tries pit, then scroll, then search-after.', options: ['auto', 'pit', 'scroll', 'search-after'], default: 'auto'}),
  'keep-alive': Flags.string({summary: 'How long the point in time or scroll lives between pages.', default: DEFAULT_KEEP_ALIVE}),
}

export interface ReadFlagValues {
  'batch-size': number
  slices: string
  'max-slices'?: number
  strategy: string
  'keep-alive': string
}

export function readOptionsFrom(flags: ReadFlagValues): {batchSize: number, slices: number, adaptive: boolean, strategy: ReadStrategy | 'auto', keepAlive: string} {
  return {batchSize: flags['batch-size'], ...resolveSlices(flags.slices, flags['max-slices']), strategy: flags.strategy as ReadStrategy | 'auto', keepAlive: flags['keep-alive']}
}
