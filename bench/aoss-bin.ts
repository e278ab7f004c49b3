/**
 * The CLI as users run it: the built package (bin/run.js over dist/), not the TypeScript sources through tsx,
 * whose start-up would be charged to every measurement. `npm run bench` builds first.
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'

const root = join(import.meta.dirname, '..')
export const AOSS_BIN = join(root, 'bin', 'run.js')

if (!existsSync(join(root, 'dist', 'commands', 'export.js'))) {
  throw new Error('dist/ is missing or stale: run the benchmarks with `npm run bench` (it builds first)')
}
