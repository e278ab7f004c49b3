/** URI parameters with flavour-specific rules. */
import {illegalArgument} from '../errors.js'
import type {RequestContext} from '../http.js'

/**
 * `?refresh=true|wait_for|false`. Managed: true/wait_for make the write searchable at once [S38].
 * Serverless: reported unsupported [S22][S30]; rejected or ignored per `serverlessRefreshParam`.
 */
export function refreshParam(ctx: RequestContext): boolean {
  const value = ctx.query.get('refresh')
  if (value === null) return false
  if (ctx.core.serverless) {
    if (ctx.core.opts.serverlessRefreshParam === 'reject') {
      throw illegalArgument(`request [${ctx.rawPath}] contains unrecognized parameter: [refresh]`)
    }
    return false
  }
  return value !== 'false'
}
