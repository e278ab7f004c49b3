/** Flags shared by the commands that take a query: `search` and `count`. */
import {Flags} from '@oclif/core'

export const queryFlags = {
  query: Flags.string({
    char: 'q',
    summary: 'Query DSL from a JSON file (- reads stdin): a whole search body or one query clause.',
    helpValue: 'FILE|-',
  }),
  lucene: Flags.boolean({summary: 'Read QUERY in Lucene syntax (color:red AND price:<50) instead of the simple syntax.'}),
}
