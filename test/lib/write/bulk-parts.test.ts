import {expect} from 'chai'

import {batchDocs} from '../../../src/lib/write/bulk-batches.js'
import {type BulkDoc, bulkBody, bulkBytes} from '../../../src/lib/write/bulk-doc.js'
import {classifyItem} from '../../../src/lib/write/bulk-items.js'
import {AimdLimit} from '../../../src/lib/flow/aimd.js'
import {FlowGate} from '../../../src/lib/flow/gate.js'

describe('bulk parts', () => {
  it('classifies per-item answers: throttling and 5xx retry, id refusals apart, mapping errors final', () => {
    expect(classifyItem({index: {status: 201}})).to.deep.equal({kind: 'ok'})
    expect(classifyItem({index: {status: 429, error: {type: 'rejected_execution_exception', reason: 'busy'}}})).to.include({kind: 'retry', throttle: true})
    expect(classifyItem({index: {status: 402, error: {type: 'service_quota_exceeded_exception', reason: 'maximum OCU capacity reached'}}})).to.include({kind: 'retry', throttle: true})
    expect(classifyItem({index: {status: 400, error: {type: 'es_rejected_execution_exception', reason: 'queue full'}}})).to.include({kind: 'retry', throttle: true})
    expect(classifyItem({index: {status: 503, error: {type: 'unavailable_shards_exception', reason: 'x'}}})).to.include({kind: 'retry', throttle: false})
    expect(classifyItem({index: {status: 404, error: {type: 'index_not_found_exception', reason: 'no such index [x]'}}})).to.include({kind: 'retry'})
    expect(classifyItem({index: {status: 400, error: {type: 'illegal_argument_exception', reason: 'Document ID is not supported in create/index operation request'}}}).kind).to.equal('id-refused')
    const rejected = classifyItem({index: {status: 400, error: {type: 'mapper_parsing_exception', reason: 'failed to parse field [price]', caused_by: {type: 'number_format_exception', reason: 'For input string: "abc"'}}}})
    expect(rejected).to.deep.equal({kind: 'rejected', error: {status: 400, type: 'mapper_parsing_exception', reason: 'failed to parse field [price] (For input string: "abc")'}})
    expect(classifyItem(undefined).kind).to.equal('rejected')
  })

  it('sizes and encodes bulk lines, with or without ids', () => {
    const doc: BulkDoc = {id: 'a"b', sourceJson: '{"x":"é"}', line: 1}
    expect(bulkBody([doc], false)).to.equal('{"index":{"_id":"a\\"b"}}\n{"x":"é"}\n')
    expect(bulkBody([doc], true)).to.equal('{"index":{}}\n{"x":"é"}\n')
    expect(bulkBytes(doc)).to.equal(Buffer.byteLength(bulkBody([doc], false)))
  })

  it('never lets a batch pass its byte or document limit, except for one document larger than the limit', async () => {
    const sizes = [10, 500, 20, 20, 20, 2000, 5]
    async function* docs(): AsyncGenerator<BulkDoc> {
      for (const [i, size] of sizes.entries()) yield {id: String(i), sourceJson: JSON.stringify({p: 'x'.repeat(size)}), line: i + 1}
    }

    const batches = []
    for await (const batch of batchDocs(docs(), {maxBytes: 600, maxDocs: 3})) batches.push(batch.docs.map((doc) => doc.id))
    expect(batches).to.deep.equal([['0', '1'], ['2', '3', '4'], ['5'], ['6']])
  })

  it('halves concurrency on throttling and adds one back after each clean round', async () => {
    // As the writer sets it up: start at the configured value; here, probe past a ceiling after every window.
    const writerLike = {minGain: 0, latencyRise: Number.POSITIVE_INFINITY, retryCeilingAfter: 1}
    const gate = new FlowGate(new AimdLimit({...writerLike, start: 4, max: 4}))
    const succeeded = () => gate.record({latencyMs: 1, items: 1})
    gate.throttled()
    expect(gate.limit).to.equal(2)
    gate.throttled()
    gate.throttled()
    expect(gate.limit).to.equal(1)
    succeeded()
    expect(gate.limit).to.equal(2)
    succeeded()
    succeeded()
    expect(gate.limit).to.equal(3)

    let active = 0
    let peak = 0
    const small = new FlowGate(new AimdLimit({...writerLike, start: 2, max: 2}))
    await Promise.all(Array.from({length: 6}, async () => {
      await small.acquire()
      active++
      peak = Math.max(peak, active)
      await new Promise((resolve) => setTimeout(resolve, 5))
      active--
      small.release()
    }))
    expect(peak).to.equal(2)
  })
})
