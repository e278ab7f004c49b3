import type {S3Client} from '@aws-sdk/client-s3'
import {expect} from 'chai'

import {S3ChunkStore} from '../../../src/lib/restore/chunk-store.js'

/** A stand-in S3 client whose first body breaks off after `cutAt` bytes; records each GET's Range and IfMatch. */
function flakyS3(object: Buffer, cutAt: number) {
  const gets: Array<{range?: string, ifMatch?: string}> = []
  const client = {
    async send(command: {input: {Range?: string, IfMatch?: string}}) {
      const {Range: range, IfMatch: ifMatch} = command.input
      gets.push({range, ifMatch})
      const start = range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0
      const broken = gets.length === 1
      return {
        ETag: '"v1"',
        Body: (async function* () {
          for (let i = start; i < object.length; i += 100) {
            if (broken && i >= cutAt) throw Object.assign(new Error('aborted'), {code: 'ECONNRESET'})
            yield object.subarray(i, Math.min(i + 100, object.length))
          }
        })(),
      }
    },
  }
  return {client: client as unknown as S3Client, gets}
}

describe('S3ChunkStore', () => {
  it('picks a body that broke off back up with a ranged GET pinned to the same ETag', async () => {
    const object = Buffer.from(Array.from({length: 1000}, (_, i) => i % 251))
    const {client, gets} = flakyS3(object, 400)
    const store = new S3ChunkStore(client, 'bucket', 'a/manifest.json')
    const parts: Buffer[] = []
    for await (const chunk of await store.open('a/part-00000.ndjson.gz')) parts.push(chunk)
    expect(Buffer.concat(parts).equals(object)).to.equal(true)
    expect(gets).to.deep.equal([{range: undefined, ifMatch: undefined}, {range: 'bytes=400-', ifMatch: '"v1"'}])
  })
})
