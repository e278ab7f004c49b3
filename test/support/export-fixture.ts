/**
 * The setting of the export command tests: one inventory emulator for the whole suite, a fresh output folder for
 * each test, and no fault left over from the test before.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Emulator} from './emulator/index.js'
import {inventoryEmulator} from './reader-helpers.js'

export interface ExportFixture {
  emulator: Emulator
  /** This test's output folder. */
  dir: string
  /** The connection flags for the emulator. */
  conn: string[]
}

/** Registers the mocha hooks; read the fields inside tests, once the hooks have run. */
export function exportFixture(docs: number, folderPrefix: string): ExportFixture {
  const fixture = {} as ExportFixture
  before(async () => {
    fixture.emulator = await inventoryEmulator({flavour: 'serverless'}, docs)
    fixture.conn = ['-e', fixture.emulator.url, '--auth', 'none']
  })
  beforeEach(async () => {
    fixture.dir = await mkdtemp(join(tmpdir(), folderPrefix))
  })
  afterEach(async () => {
    fixture.emulator.clearFaults()
    await rm(fixture.dir, {recursive: true, force: true})
  })
  after(() => fixture.emulator.stop())
  return fixture
}

/** The non-empty lines of an NDJSON output. */
export function lines(text: string): string[] {
  return text.split('\n').filter(Boolean)
}
