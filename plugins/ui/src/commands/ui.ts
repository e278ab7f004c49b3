import {Flags} from '@oclif/core'

import {AossCommand, bucketFlags, resolveS3Settings, s3Flags} from '../server/lib.js'

export interface UiResult {
  url: string
}

export default class Ui extends AossCommand<typeof Ui> {
  static override summary = 'Open a local web page: dashboard, index editor, data-entry form, search explorer and backups.'
  static override description = `Serves a page on 127.0.0.1 (a free port unless --port is given) and prints its address with a one-time token, as Jupyter does. The server talks to the cluster with the same connection settings as every other command (flags > environment > .env; SigV4 or basic); credentials stay in this process and never reach the browser.

Every request needs the token (a cookie after the first load), the Host header must be the address printed (no DNS rebinding), and writes need the page's own Origin and CSRF header. Ctrl-C stops the server.`

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -e https://abc123.us-east-1.aoss.amazonaws.com --no-open',
    '<%= config.bin %> <%= command.id %> --port 8765 --bucket my-backups --prefix nightly',
  ]

  static override flags = {
    port: Flags.integer({summary: 'Port to listen on (default: a free one).', min: 0, max: 65_535, default: 0}),
    host: Flags.string({summary: 'Address to listen on (default 127.0.0.1). Anything else exposes the cluster to that network: use with care.'}),
    open: Flags.boolean({summary: 'Open the page in the browser.', default: true, allowNo: true}),
    ...bucketFlags,
    ...s3Flags,
  }

  async run(): Promise<UiResult> {
    const {flags} = this
    if (flags.host !== undefined && !['127.0.0.1', 'localhost', '::1'].includes(flags.host)) {
      this.warn(`listening on ${flags.host}: anyone who can reach it and holds the token uses the cluster with your credentials`)
    }

    const settings = this.settings()
    // Loaded only now: hono, the page and the S3 settings are for this command alone, never for the others' start-up.
    const {startUi} = await import('../server/start.js')
    const ui = await startUi({
      settings,
      s3Settings: resolveS3Settings({endpoint: flags['s3-endpoint'], region: flags['s3-region'], profile: settings.profile}),
      backups: {bucket: flags.bucket ?? process.env.OUTPUT_BUCKET, prefix: flags.prefix ?? process.env.OUTPUT_PREFIX},
      toolVersion: this.config.version,
      host: flags.host === 'localhost' ? '127.0.0.1' : flags.host,
      port: flags.port,
    })
    this.log(ui.url)
    this.note(`aoss ui is serving ${settings.endpoint}; Ctrl-C stops it.`)
    if (flags.open) {
      const {openBrowser} = await import('../server/open-browser.js')
      openBrowser(ui.url)
    }

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      }

      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await ui.close()
    this.note('aoss ui stopped.')
    return {url: ui.origin}
  }
}
