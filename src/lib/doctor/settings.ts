/**
 * Each connection setting with the place it came from, using the precedence of connection/settings.ts
 * (flag > environment > `.env` > inferred from the host > default), and a look at what the host name implies.
 */
import {hostFacts} from '../connection/endpoint.js'
import {type ConnectionInput, type ConnectionSettings, ENV} from '../connection/settings.js'
import {readDotEnv} from '../io/setting-sources.js'
import {type Check, check} from './types.js'

type Source = {kind: 'flag', name: string} | {kind: 'environment' | '.env', name: string} | {kind: 'host' | 'default'}

interface Context {
  env: NodeJS.ProcessEnv
  cwd: string
}

function sourceOf(flagValue: unknown, flag: string, names: readonly string[], context: Context, dotEnv: Record<string, string>): Source | undefined {
  if (flagValue !== undefined) return {kind: 'flag', name: `--${flag}`}
  for (const name of names) if (context.env[name]) return {kind: 'environment', name}
  for (const name of names) if (dotEnv[name]) return {kind: '.env', name}
  return undefined
}

const describe = (source: Source): string => ('name' in source ? `${source.kind} ${source.name}` : source.kind === 'host' ? 'inferred from the host name' : 'default')

export function settingChecks(input: ConnectionInput, settings: ConnectionSettings, context: Context): Check[] {
  const dotEnv = readDotEnv(context.cwd)
  const facts = hostFacts(new URL(settings.endpoint).hostname)
  const rows: Array<[string, string | undefined, Source]> = [
    ['endpoint', settings.endpoint, sourceOf(input.endpoint, 'endpoint', ENV.endpoint, context, dotEnv) ?? {kind: 'default'}],
    ['auth', settings.auth, sourceOf(input.auth === 'auto' ? undefined : input.auth, 'auth', ENV.auth, context, dotEnv) ?? {kind: facts.aws || settings.auth === 'basic' ? 'host' : 'default'}],
  ]
  if (settings.auth === 'sigv4') {
    rows.push(
      ['region', settings.region, sourceOf(input.region, 'region', ENV.region, context, dotEnv) ?? {kind: 'host'}],
      ['service', settings.service, settings.serviceSource === 'setting' ? sourceOf(input.service, 'service', ENV.service, context, dotEnv) ?? {kind: 'default'} : {kind: settings.serviceSource}],
    )
    if (settings.profile) rows.push(['profile', settings.profile, sourceOf(input.profile, 'profile', ENV.profile, context, dotEnv) ?? {kind: 'default'}])
  }

  rows.push(['timeout', `${settings.requestTimeoutMs / 1000} s`, sourceOf(input.timeout, 'timeout', ENV.timeout, context, dotEnv) ?? {kind: 'default'}])
  const checks = rows.map(([name, value, source]) => check('settings', name, 'ok', `${name} ${value ?? '(none)'} (${describe(source)})`, undefined, {value, source: describe(source)}))

  // The host name is the best witness of where the signature must be scoped: a setting that contradicts it is
  // the commonest cause of a silent AOSS 403.
  if (settings.auth === 'sigv4' && facts.region && settings.region !== facts.region) {
    checks.push(check('signing', 'region-vs-host', 'fail', `signing region ${settings.region} but the host name is in ${facts.region}`, `Pass --region ${facts.region} (or unset AWS_REGION).`, {expected: facts.region, signed: settings.region}))
  }

  if (settings.auth === 'sigv4' && facts.service && settings.service !== facts.service) {
    checks.push(check('signing', 'service-vs-host', 'fail', `signing for service ${settings.service} but the host is ${facts.service === 'aoss' ? 'an OpenSearch Serverless collection (aoss)' : 'a managed domain (es)'}`, `Pass --service ${facts.service} (or --service auto).`, {expected: facts.service, signed: settings.service}))
  }

  return checks
}
