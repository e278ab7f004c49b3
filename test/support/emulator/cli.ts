/**
 * Runs the emulator until SIGINT/SIGTERM (or until the process that started it goes), for trying the CLI by hand:
 *   npm run emulator -- --flavour serverless --seed inventory:100000 --port 9200 --latency 200 --collection-type search --auth none
 * `npm run emulator -- --help` lists the options.
 */
import {parseArgs} from 'node:util'
import {generateInventory, inventoryMappings} from '../data/inventory.js'
import {exitWithParent} from '../exit-with-parent.js'
import {startEmulator} from './index.js'
import type {AuthOptions, CollectionType, EmulatorOptions, Flavour} from './types.js'

const USAGE = `Usage: npm run emulator -- [options]

A local OpenSearch Serverless / OpenSearch emulator on 127.0.0.1. Prints its URL on stdout; Ctrl-C stops it,
and so does stopping npm (its parent).

Options:
  --flavour serverless|managed          what to behave like (default serverless)
  --port N                              port to listen on (default 9200; 0 picks a free one)
  --seed INDEX:COUNT                    create INDEX with COUNT demo inventory documents (repeatable), e.g. inventory:20000
  --collection-type search|timeseries|vectorsearch   serverless collection type (default search)
  --auth none|basic:USER:PASS|sigv4:REGION           what requests must carry (default none)
  --latency MS | MIN-MAX                added per request, fixed or jittered
  --visibility-delay MS                 how long new writes stay invisible to search (serverless)
  --refresh-interval MS                 how often writes become visible (managed)
  --version X.Y.Z                       version reported by GET / (managed)
  -h, --help                            this text

Then, in another terminal:
  export OPENSEARCH_URL=http://127.0.0.1:9200 AOSS_AUTH=none
  ./bin/run.js health`

function parseOptions(): ReturnType<typeof parse> {
  try {
    return parse()
  } catch (error) {
    console.error(`emulator: ${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
}

function parse() {
  return parseArgs({
    options: {
      help: {type: 'boolean', short: 'h'},
      flavour: {type: 'string', default: 'serverless'},
      port: {type: 'string', default: '9200'},
      seed: {type: 'string', multiple: true},
      latency: {type: 'string'},
      'collection-type': {type: 'string', default: 'search'},
      auth: {type: 'string', default: 'none'},
      'visibility-delay': {type: 'string'},
      'refresh-interval': {type: 'string'},
      version: {type: 'string'},
    },
  })
}

const {values} = parseOptions()
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

function parseAuth(text: string): AuthOptions {
  const [mode, a, b] = text.split(':')
  if (mode === 'basic') return {mode: 'basic', username: a ?? 'admin', password: b ?? 'admin'}
  if (mode === 'sigv4') return {mode: 'sigv4', region: a ?? 'us-east-1', credentials: {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret'}}
  return {mode: 'none'}
}

function parseLatency(text: string | undefined): EmulatorOptions['latencyMs'] {
  if (text === undefined) return undefined
  const [min, max] = text.split('-').map(Number)
  return max === undefined ? min : {min: min!, max}
}

const options: EmulatorOptions = {
  flavour: values.flavour as Flavour,
  port: Number(values.port),
  collectionType: values['collection-type'] as CollectionType,
  auth: parseAuth(values.auth!),
  latencyMs: parseLatency(values.latency),
  visibilityDelayMs: values['visibility-delay'] === undefined ? undefined : Number(values['visibility-delay']),
  refreshIntervalMs: values['refresh-interval'] === undefined ? undefined : Number(values['refresh-interval']),
  version: values.version,
}

const emulator = await startEmulator(options)
for (const spec of values.seed ?? []) {
  const [index, countText] = spec.split(':')
  const started = Date.now()
  emulator.seed(index!, generateInventory(Number(countText ?? 1000)), {mappings: inventoryMappings})
  console.error(`seeded ${countText ?? 1000} docs into ${index} in ${Date.now() - started} ms`)
}
console.log(emulator.url)
console.error(`${options.flavour} emulator listening; Ctrl-C to stop`)

const stop = () => {
  emulator.stop().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
exitWithParent(() => emulator.stop())
