/**
 * The one query vocabulary of search, count, export and backup: `-q, --query` takes a Query DSL file, - for stdin,
 * inline JSON, or a Lucene query string. `--q TEXT`, export's and backup's older spelling, is an alias.
 */
import {Flags} from '@oclif/core'

export const queryFlag = {
  query: Flags.string({
    char: 'q',
    // The older spelling, kept working without a warning (oclif's would print a stack trace in development).
    aliases: ['q'],
    summary: 'The query: a Query DSL file (- reads stdin), inline JSON, or a Lucene string such as "category:footwear AND price:<50".',
    helpValue: 'FILE|-|JSON|LUCENE',
  }),
}

/** search and count also take QUERY as an argument, in the simple syntax unless --lucene says otherwise. */
export const queryFlags = {
  ...queryFlag,
  lucene: Flags.boolean({summary: 'Read QUERY in Lucene syntax (category:footwear AND price:<50) instead of the simple syntax.'}),
}
