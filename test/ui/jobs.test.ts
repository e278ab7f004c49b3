import {once} from 'node:events'

import {expect} from 'chai'

import {Jobs} from '../../plugins/ui/src/server/jobs.js'

describe('aoss ui jobs', () => {
  it('a page that connects after a job ended still sees its last progress, then its outcome', async () => {
    const jobs = new Jobs()
    const job = jobs.start('backup', async (report) => {
      report({percent: 50, docs: 5, expected: 10})
      report({percent: 100, docs: 10, expected: 10})
      return {docs: 10}
    }, () => ({}))
    await once(job.events, 'event')
    await new Promise((resolve) => setImmediate(resolve))
    expect(job.finished).to.equal(true)
    expect(Jobs.replay(job)).to.deep.equal([
      {type: 'progress', progress: {percent: 100, docs: 10, expected: 10}},
      {type: 'done', result: {docs: 10}},
    ])
  })
})
