/**
 * Runs the emulator until SIGINT/SIGTERM, for trying the CLI by hand:
 *   npm run emulator -- --flavour serverless --seed inventory:100000 --port 9200 --latency 200 --collection-type search --auth none
 * `--latency 50-200` jitters; `--auth basic:user:pass` or `--auth sigv4:region`; `--seed` may repeat.
 */
import {parseArgs} from 'node:util'
import {generateInventory, inventoryMappings} from '../data/inventory.js'
import {startEmulator} from './index.js'
import type {AuthOptions, CollectionType, EmulatorOptions, Flavour} from './types.js'

const {values} = parseArgs({
  options: {
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
