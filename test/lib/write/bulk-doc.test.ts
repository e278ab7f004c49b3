import {expect} from 'chai'

import {withIdField} from '../../../src/lib/write/bulk-doc.js'

describe('withIdField (--id-field)', () => {
  it('writes the source _id into the document, keeping the rest of its text', () => {
    const doc = {id: 'a"1', sourceJson: '{"n":12345678901234567890,"p":1.50}', line: 1}
    expect(withIdField(doc, 'source_id').sourceJson).to.equal('{"source_id":"a\\"1","n":12345678901234567890,"p":1.50}')
    expect(JSON.parse(withIdField({...doc, sourceJson: ' { } '}, 'source_id').sourceJson)).to.deep.equal({source_id: 'a"1'})
  })

  it('replaces a field of that name already there (a copy of a copy), and leaves documents without an id alone', () => {
    const doc = {id: 'new', sourceJson: '{"a":1,"source_id":{"x":[1,2]},"b":2}', line: 1}
    expect(withIdField(doc, 'source_id').sourceJson).to.equal('{"a":1,"source_id":"new","b":2}')
    const noId = {sourceJson: '{"a":1}', line: 2}
    expect(withIdField(noId, 'source_id')).to.equal(noId)
  })
})
