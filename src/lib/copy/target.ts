/**
 * The copy's second connection: the same resolver as every command's, reading TARGET_-prefixed environment
 * names (TARGET_OPENSEARCH_URL, TARGET_AWS_REGION, TARGET_AOSS_ROLE_ARN, …) so nothing of the source's leaks in.
 */
import {type ConnectionInput, type ConnectionSettings, type ResolveContext, resolveSettings, TARGET_ENV_PREFIX} from '../connection/settings.js'

export function resolveTargetSettings(input: ConnectionInput, context: ResolveContext = {}): ConnectionSettings {
  return resolveSettings(input, context, {envPrefix: TARGET_ENV_PREFIX, endpointFlag: '--to-endpoint'})
}
