/**
 * Bundles the backup Lambda into dist-lambda/handler.mjs and dist-lambda/aoss-backup-lambda.zip.
 *
 *   npm run build:lambda
 *
 * One ESM file with every dependency inside (the AWS SDK too: the runtime's copy is a different version), minified,
 * for Node 20 syntax so it also runs on this machine (the function itself runs on nodejs22.x). The banner gives
 * the bundle a `require`: without it, CommonJS code inside an ESM bundle dies with
 * `Dynamic require of "node:https" is not supported`.
 *
 * The zip is written with yazl, so the build needs no `zip` binary.
 */
import {mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'
import yazl from 'yazl'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'dist-lambda')
const bundle = join(outDir, 'handler.mjs')
const zipFile = join(outDir, 'aoss-backup-lambda.zip')

export async function buildLambda(): Promise<{bundle: string, zip: string, bundleBytes: number, zipBytes: number}> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {version: string}
  await rm(outDir, {recursive: true, force: true})
  await mkdir(outDir, {recursive: true})
  await build({
    entryPoints: [join(root, 'src/lambda/handler.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    banner: {js: "import {createRequire as __aossCreateRequire} from 'node:module';const require=__aossCreateRequire(import.meta.url);"},
    define: {'process.env.AOSS_TOOL_VERSION': JSON.stringify(pkg.version)},
    logLevel: 'warning',
  })

  const code = await readFile(bundle)
  await writeFile(zipFile, await zipOne('handler.mjs', code))
  return {bundle, zip: zipFile, bundleBytes: code.length, zipBytes: (await stat(zipFile)).size}
}

/** A zip archive holding one deflated file, readable by Lambda (regular file, rw-r--r--). */
async function zipOne(name: string, data: Buffer): Promise<Buffer> {
  const zip = new yazl.ZipFile()
  zip.addBuffer(data, name, {mode: 0o100644, compress: true})
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now()
  const result = await buildLambda()
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`
  process.stdout.write(`${result.bundle}  ${kib(result.bundleBytes)}\n${result.zip}  ${kib(result.zipBytes)}  (${Math.round(performance.now() - started)} ms)\n`)
}
