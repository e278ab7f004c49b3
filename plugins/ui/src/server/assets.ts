/**
 * The page itself: one HTML shell, one script, one style sheet, all from the package (no CDN; works offline).
 * The built package ships them in dist/web; from the sources (bin/dev.js, tests) they are bundled in memory by
 * esbuild once, at start-up.
 */
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {Assets} from './bundle-web.js'

export type {Assets} from './bundle-web.js'

const here = dirname(fileURLToPath(import.meta.url))

export async function loadAssets(): Promise<Assets> {
  // Built: this code sits in dist/server/ (or a shared chunk in dist/), beside dist/web.
  const fromSources = import.meta.url.endsWith('.ts')
  const built = [join(here, '..', 'web'), join(here, 'web')].find((dir) => existsSync(join(dir, 'app.js')))
  if (!fromSources && built) {
    return {script: await readFile(join(built, 'app.js'), 'utf8'), style: await readFile(join(built, 'app.css'), 'utf8')}
  }

  const {bundleWeb} = await import('./bundle-web.js')
  return bundleWeb()
}

export function shell(csrf: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="aoss-csrf" content="${csrf}">
<title>aoss ui</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<div id="app"><p class="loading">Loading…</p></div>
<script type="module" src="/assets/app.js"></script>
</body>
</html>`
}
