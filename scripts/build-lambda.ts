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
 * The zip is written here (deflate + a minimal zip container) so the build needs no `zip` binary.
 */
import {mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {crc32, deflateRawSync} from 'node:zlib'

import {build} from 'esbuild'

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
  await writeFile(zipFile, zipOne('handler.mjs', code))
  return {bundle, zip: zipFile, bundleBytes: code.length, zipBytes: (await stat(zipFile)).size}
}

/** A zip archive holding one deflated file (PKWARE APPNOTE 4.3: local header, data, central directory, end record). */
function zipOne(name: string, data: Buffer): Buffer {
  const fileName = Buffer.from(name)
  const compressed = deflateRawSync(data, {level: 9})
  const crc = crc32(data)
  // A fixed timestamp (1980-01-01) keeps the archive byte-identical across builds of the same code.
  const dosTime = 0
  const dosDate = (0 << 9) | (1 << 5) | 1

  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4) // version needed: 2.0 (deflate)
  local.writeUInt16LE(0, 6) // flags
  local.writeUInt16LE(8, 8) // method: deflate
  local.writeUInt16LE(dosTime, 10)
  local.writeUInt16LE(dosDate, 12)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(compressed.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(fileName.length, 26)
  local.writeUInt16LE(0, 28)

  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE((3 << 8) | 20, 4) // made by: Unix, 2.0
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(0, 8)
  central.writeUInt16LE(8, 10)
  central.writeUInt16LE(dosTime, 12)
  central.writeUInt16LE(dosDate, 14)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(compressed.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(fileName.length, 28)
  central.writeUInt16LE(0, 30) // extra
  central.writeUInt16LE(0, 32) // comment
  central.writeUInt16LE(0, 34) // disk
  central.writeUInt16LE(0, 36) // internal attributes
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38) // external: regular file, rw-r--r--
  central.writeUInt32LE(0, 42) // offset of the local header

  const centralOffset = local.length + fileName.length + compressed.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(0, 4)
  end.writeUInt16LE(0, 6)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + fileName.length, 12)
  end.writeUInt32LE(centralOffset, 16)
  end.writeUInt16LE(0, 20)

  return Buffer.concat([local, fileName, compressed, central, fileName, end])
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now()
  const result = await buildLambda()
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`
  process.stdout.write(`${result.bundle}  ${kib(result.bundleBytes)}\n${result.zip}  ${kib(result.zipBytes)}  (${Math.round(performance.now() - started)} ms)\n`)
}
