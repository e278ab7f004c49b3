import {expect} from 'chai'
import {styleText} from 'node:util'

import {renderCard, renderPage} from '../../src/cli/render/cards.js'
import {formatValue, titleField} from '../../src/lib/documents/summary.js'
import type {SearchPage} from '../../src/lib/documents/search.js'

const colour = (style: Parameters<typeof styleText>[0], text: string) => styleText(style, text, {validateStream: false})
const stripAnsi = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '')

const page: SearchPage = {
  index: 'inventory',
  took: 12,
  timedOut: false,
  total: {value: 2000, relation: 'eq'},
  shards: {total: 1, successful: 1, failed: 0},
  hits: [
    {
      _index: 'inventory',
      _id: 'SKU-1',
      _score: 7.2134,
      _source: {sku: 'SKU-1', title: 'Red running shoes', price: 59.9, tags: ['sale', 'new'], dimensions: {width_cm: 30}, description: 'x'.repeat(200)},
      highlight: {title: ['<em>Red</em> running <em>shoes</em>'], 'title.keyword': ['<em>Red</em> running <em>shoes</em>']},
    },
    {_index: 'inventory', _id: 'no-title', _score: null, _source: {count: 3}},
  ],
  next: [59.9, 'SKU-1'],
}

describe('cards', () => {
  it('finds a title-like field, preferring top-level title/name fields', () => {
    expect(titleField({sku: 'a', name: 'Shoe', title: 'Best shoe'})).to.equal('title')
    expect(titleField({sku: 'a', product: {name: 'Nested'}})).to.equal('product.name')
    expect(titleField({sku: 'a', display_name: 'Shown'})).to.equal('display_name')
    expect(titleField({sku: 'a', brand_name: 'Acme'})).to.equal('brand_name')
    expect(titleField({price: 3})).to.equal(undefined)
  })

  it('shows the title, score, id, matches and aligned key fields', () => {
    const lines = renderCard(page.hits[0], 1)
    expect(lines).to.deep.equal([
      '1. Red running shoes  score 7.21',
      '   _id                  SKU-1',
      '   matched              title: Red running shoes',
      '   sku                  SKU-1',
      '   price                59.9',
      '   tags                 sale, new',
      '   dimensions.width_cm  30',
      `   description          ${'x'.repeat(79)}…`,
    ])
  })

  it('falls back to the id as title and counts the fields left out', () => {
    expect(renderCard(page.hits[1], 2)[0]).to.equal('2. no-title')
    const many = Object.fromEntries(Array.from({length: 12}, (_, i) => [`f${i}`, i]))
    expect(renderCard({_index: 'i', _id: 'x', _score: 1, _source: many}, 1).at(-1)).to.match(/… 4 more fields$/)
    expect(formatValue([{a: 1}])).to.equal('[1 item] [{"a":1}]')
  })

  it('carries the same content with and without colour', () => {
    const coloured = renderPage(page, {paint: colour})
    expect(coloured).to.not.equal(renderPage(page))
    expect(stripAnsi(coloured)).to.equal(renderPage(page))
    expect(renderPage(page).split('\n')[0]).to.equal('2,000 hits, showing 1–2 · 12 ms')
    expect(renderPage(page)).to.contain(`next page: --search-after '[59.9,"SKU-1"]'`)
    expect(renderPage({...page, hits: [], next: undefined, total: {value: 10_000, relation: 'gte'}})).to.equal('≥ 10,000 hits · 12 ms')
  })

  it('wraps between words at the terminal width, wrapped lines under their value', () => {
    const hit = {
      _index: 'inventory',
      _id: 'SKU-00000122',
      _score: 8.78,
      _source: {
        name: 'Blue trail shoes',
        description: 'Cushioning customers weather comfortable style favourite support clean cool clean strong tested range',
        url: `https://example.com/${'p'.repeat(90)}`,
      },
    }
    for (const paint of [undefined, colour]) {
      const lines = renderCard(hit, 1, {width: 80, paint}).map(stripAnsi)
      for (const line of lines) expect(line.length, line).to.be.at.most(80)
      const at = lines.findIndex((line) => line.includes('description'))
      expect(lines.slice(at, at + 2)).to.deep.equal([
        '   description  Cushioning customers weather comfortable style favourite support',
        '                clean cool cle…', // cut at maxValueWidth (80), as before
      ])
      // Every word whole: joining the wrapped lines gives the value back.
      const url = lines.findIndex((line) => line.includes('url'))
      expect(lines.slice(url, url + 2).map((line) => line.slice(16)).join('')).to.equal(formatValue(hit._source.url, 80))
    }

    const narrow = renderPage({...page, hits: [], nextFrom: 10, next: undefined}, {width: 60}).split('\n')
    expect(narrow.slice(-2)).to.deep.equal(['next page: --from 10 (or --sort FIELD to page past 10,000', 'hits with --search-after)'])
    expect(renderCard(hit, 1)).to.deep.equal(renderCard(hit, 1, {width: 0}))
  })
})
