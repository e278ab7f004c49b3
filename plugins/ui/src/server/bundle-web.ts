/** esbuild settings for the page's script and styles: used by scripts/build.ts and, from sources, at start-up. */
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'


/** The page's script and style sheet, ready to serve. */
export interface Assets {
  script: string
  style: string
}

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web')

export const WEB_BUILD = {
  entryPoints: {app: join(web, 'main.tsx')},
  bundle: true,
  format: 'esm' as const,
  target: ['chrome115', 'firefox115', 'safari16'],
  jsx: 'automatic' as const,
  jsxImportSource: 'preact',
  loader: {'.css': 'css' as const},
  minify: true,
  legalComments: 'none' as const,
}

export async function bundleWeb(): Promise<Assets> {
  const esbuild = await import('esbuild')
  const result = await esbuild.build({...WEB_BUILD, write: false, outdir: '/virtual'})
  const text = (ext: string) => result.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? ''
  return {script: text('.js'), style: text('.css')}
}
