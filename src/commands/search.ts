import {Args, Flags} from '@oclif/core'

import {AossCommand} from '../cli/base-command.js'
import {indexTargetArg} from '../cli/flags.js'
import {queryFlags} from '../cli/query-flags.js'
import {renderPage} from '../cli/render/cards.js'
import {painter} from '../cli/style.js'
import {stringifyExact} from '../lib/documents/exact-json.js'
import {queryInput} from '../lib/documents/query-option.js'
import {parseJson} from '../lib/io/json-input.js'
import {parseFields} from '../lib/documents/query.js'
import {search, type SearchPage} from '../lib/documents/search.js'
import {AossError} from '../lib/errors.js'

export type SearchResult = SearchPage

export default class Search extends AossCommand<typeof Search> {
  static override summary = 'Search an index and show the hits as cards.'
  static override description = `QUERY is a simple query string: all words must match (red shoes), "quoted phrases", -exclusions, prefix*, a|b for either. --lucene reads it in Lucene syntax instead (category:footwear AND price:<50). --query takes full query DSL from a file or stdin.

Each hit is shown as a card: a title (from a title-like field such as name or title, else the id), the score and id, the highlighted matches and the other fields in aligned columns, under the total hit count and the time the search took. Piped, the cards are the same without colour.

--json prints the raw hits as NDJSON, one hit per line ({"_index","_id","_score","_source",…}), ready for jq or "aoss restore"; errors then go to stderr.

Paging: --from and --size page within the first 10,000 hits. Past that, sort (--sort price:desc) and pass the last hit's sort values to --search-after: a unique tiebreaker (_id) is added to every sort so that hits with equal values are neither skipped nor repeated, and the cards print the whole value to use for the next page.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> inventory "red shoes"',
    '<%= config.bin %> <%= command.id %> inventory "shoes -red" --fields sku,name,price,variants.color --size 5',
    '<%= config.bin %> <%= command.id %> inventory --lucene "category:footwear AND price:<50" --sort price:asc',
    '<%= config.bin %> <%= command.id %> inventory --query query.json --json | jq -r ._id',
    `<%= config.bin %> <%= command.id %> inventory --sort sku --size 1000 --search-after '["SKU-00000999","SKU-00000999"]'`,
  ]

  static override args = {
    index: indexTargetArg({description: 'Index name, comma list or pattern.', required: true, ignoreStdin: true}),
    query: Args.string({description: 'A query string; all documents when absent.', ignoreStdin: true}),
  }

  static override flags = {
    ...queryFlags,
    fields: Flags.string({summary: 'Comma-separated _source fields to return (default: all).', helpValue: 'a,b.c'}),
    size: Flags.integer({summary: 'Hits per page (default 10).', min: 0, max: 10_000}),
    from: Flags.integer({summary: 'Skip this many hits (from + size stays within 10,000).', min: 0, exclusive: ['search-after']}),
    sort: Flags.string({summary: 'Sort order, e.g. price:desc,name (default: by score).', multiple: true, helpValue: 'field[:asc|desc]'}),
    'search-after': Flags.string({summary: "The previous page's last sort values as a JSON array.", dependsOn: ['sort'], helpValue: 'JSON'}),
  }

  /** Commands whose stdout is data send --json errors to stderr. */
  static override stdoutIsData = true

  async run(): Promise<SearchResult> {
    const {args, flags} = this
    const page = await search(await this.client(), {
      index: args.index,
      ...(await queryInput(args.query, flags.lucene, flags.query)),
      fields: parseFields(flags.fields),
      size: flags.size,
      from: flags.from,
      sort: flags.sort,
      searchAfter: flags['search-after'] === undefined ? undefined : (parseJson(flags['search-after'], '--search-after') as unknown[]),
    })

    if (!this.jsonEnabled()) this.log(renderPage(page, {paint: painter(process.stdout), offset: flags.from ?? 0, width: process.stdout.isTTY ? process.stdout.columns : undefined}))
    if (page.shards.failed > 0 || page.timedOut) {
      const why = page.timedOut ? 'the search timed out' : `${page.shards.failed} of ${page.shards.total} shards failed`
      if (this.jsonEnabled()) this.logJson(page)
      throw new AossError('INCOMPLETE', `results are partial: ${why}`, {
        hints: ['Retry; if it persists, narrow the query or raise --timeout.'],
        details: {shards: page.shards, timedOut: page.timedOut},
      })
    }

    return page
  }

  /** --json: one raw hit per line (NDJSON), not one JSON document. */
  protected override logJson(json: unknown): void {
    const page = json as SearchPage
    if (!Array.isArray(page?.hits)) return super.logJson(json)
    for (const hit of page.hits) process.stdout.write(`${stringifyExact(hit)}\n`)
  }
}
