import {expect} from 'chai'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'

import {advance, checkpointPath, type ExportCheckpoint, readCheckpoint, removeCheckpoint, writeCheckpoint} from '../../../src/lib/read/checkpoint.js'
import {openSink, wantsGzip} from '../../../src/lib/read/sinks.js'
import type {SliceCursor} from '../../../src/lib/read/types.js'

describe('sinks and checkpoints', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aoss-sink-'))
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  it('gzip by flag or by a .gz name', () => {
    expect(wantsGzip('a.jsonl.gz', false)).to.equal(true)
    expect(wantsGzip('a.jsonl', true)).to.equal(true)
    expect(wantsGzip('-', false)).to.equal(false)
  })

  it('writes plain files and reports bytes at each commit', async () => {
    const file = join(dir, 'out.jsonl')
    const sink = await openSink({output: file, gzip: false})
    await sink.write('{"a":1}\n')
    expect(await sink.commit()).to.equal(8)
    await sink.write('{"b":2}\n')
    await sink.close()
    expect(await readFile(file, 'utf8')).to.equal('{"a":1}\n{"b":2}\n')
  })

  it('a resumed gzip file is cut at the commit point and reads back as one stream', async () => {
    const file = join(dir, 'out.jsonl.gz')
    const first = await openSink({output: file, gzip: true})
    await first.write('line 1\n')
    const kept = await first.commit()
    await first.write('lost after the checkpoint\n')
    await first.close()
    const again = await openSink({output: file, gzip: true, keepBytes: kept})
    await again.write('line 2\n')
    await again.close()
    expect(gunzipSync(await readFile(file)).toString()).to.equal('line 1\nline 2\n')
  })

  it('refuses to resume a file shorter than its checkpoint', async () => {
    const file = join(dir, 'short.jsonl')
    await writeFile(file, 'abc')
    const error = await openSink({output: file, gzip: false, keepBytes: 10}).catch((e: Error) => e)
    expect(String(error)).to.match(/shorter/)
  })

  it('checkpoints are written atomically and read back', async () => {
    const file = join(dir, 'out.jsonl')
    const cursors: SliceCursor[] = [{id: 0, docs: 0, done: false}, {id: 1, docs: 0, done: false}]
    advance(cursors, {slice: 1, hits: [{_index: 'i', _id: 'a', _source: {}}], after: ['a']})
    advance(cursors, {slice: 0, hits: [], done: true})
    expect(cursors).to.deep.equal([{id: 0, docs: 0, done: true}, {id: 1, docs: 1, done: false, after: ['a']}])
    const checkpoint: ExportCheckpoint = {
      version: 1, index: 'i', tiebreaker: '_id', format: 'hit', gzip: false, batchSize: 10, keepAlive: '5m', strategy: 'pit',
      slices: cursors, docs: 1, bytes: 5, startedAt: 'x', updatedAt: 'y',
    }
    await writeCheckpoint(file, checkpoint)
    expect(checkpointPath(file)).to.equal(`${file}.aoss-checkpoint.json`)
    expect(await readCheckpoint(file)).to.deep.equal(checkpoint)
    await removeCheckpoint(file)
    expect(await readCheckpoint(file)).to.equal(undefined)
  })
})
