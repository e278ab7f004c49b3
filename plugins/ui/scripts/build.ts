/**
 * Builds the plugin into dist/: the command and its server as ESM bundles (the core library's modules included,
 * npm packages left as imports), and the page's script and styles as static files in dist/web.
 */
import {execFileSync} from 'node:child_process'
import {rm} from 'node:fs/promises'
import {join} from 'node:path'

import * as esbuild from 'esbuild'

import {WEB_BUILD} from '../src/server/bundle-web.js'

const root = join(import.meta.dirname, '..')
const dist = join(root, 'dist')
await rm(dist, {recursive: true, force: true})

await esbuild.build({
  entryPoints: {
    'commands/ui': join(root, 'src/commands/ui.ts'),
    'server/start': join(root, 'src/server/start.ts'),
    'server/open-browser': join(root, 'src/server/open-browser.ts'),
  },
  outdir: dist,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'server/chunk-[hash]',
  logLevel: 'warning',
})

await esbuild.build({...WEB_BUILD, outdir: join(dist, 'web'), logLevel: 'warning'})

// Without its own manifest oclif imports the command module at every start-up of every command, to learn its
// flags; with it, `aoss --version` never touches this package. Rebuilt with dist/, so it cannot go stale apart from it.
await rm(join(root, 'oclif.manifest.json'), {force: true})
execFileSync(join(root, '..', '..', 'node_modules', '.bin', 'oclif'), ['manifest'], {cwd: root, stdio: 'ignore', env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}})
console.log(`built ${dist}`)
