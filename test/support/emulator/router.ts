/**
 * Route table and path matching. Route names are what `counters` and FaultRule.route use.
 * `{index}` never matches a segment starting with `_` (except `_all`), so `/_search` is never an index.
 */
import type {Handler} from './http.js'
import * as bulkRoutes from './routes/bulk.js'
import * as cat from './routes/cat.js'
import * as cluster from './routes/cluster.js'
import * as contexts from './routes/contexts.js'
import * as docs from './routes/docs.js'
import * as indices from './routes/indices.js'
import * as search from './routes/search.js'

interface Route {
  name: string
  methods: string[]
  patterns: string[][]
  handler: Handler
}

const R = (name: string, methods: string, paths: string[], handler: Handler): Route => ({
  name,
  methods: methods.split('|'),
  patterns: paths.map((p) => p.split('/').filter((s) => s !== '')),
  handler,
})

const ROUTES: Route[] = [
  R('root', 'GET|HEAD', ['/'], cluster.root),
  R('cluster.health', 'GET', ['/_cluster/health', '/_cluster/health/{index}'], cluster.clusterHealth),
  R('cluster.other', 'GET|POST|PUT', ['/_cluster/{rest*}', '/_nodes', '/_nodes/{rest*}'], cluster.clusterOther),
  R('cat.indices', 'GET', ['/_cat/indices', '/_cat/indices/{index}'], cat.catIndices),
  R('cat.count', 'GET', ['/_cat/count', '/_cat/count/{index}'], cat.catCount),
  R('cat.snapshots', 'GET', ['/_cat/snapshots/{repo}'], cat.catSnapshots),
  R('pit.list', 'GET', ['/_search/point_in_time/_all'], contexts.listPits),
  R('pit.delete', 'DELETE', ['/_search/point_in_time', '/_search/point_in_time/_all'], contexts.deletePits),
  R('pit.create', 'POST', ['/{index}/_search/point_in_time'], contexts.createPit),
  R('scroll', 'GET|POST', ['/_search/scroll', '/_search/scroll/{id}'], contexts.continueScroll),
  R('scroll.clear', 'DELETE', ['/_search/scroll', '/_search/scroll/{id}'], contexts.clearScroll),
  R('search', 'GET|POST', ['/_search', '/{index}/_search'], search.search),
  R('count', 'GET|POST', ['/_count', '/{index}/_count'], search.count),
  R('bulk', 'POST|PUT', ['/_bulk', '/{index}/_bulk'], bulkRoutes.bulk),
  R('mget', 'GET|POST', ['/_mget', '/{index}/_mget'], docs.mget),
  R('refresh', 'GET|POST', ['/_refresh', '/{index}/_refresh'], indices.refresh),
  R('aliases.update', 'POST', ['/_aliases'], indices.updateAliases),
  R('alias.get', 'GET', ['/_alias', '/_alias/{name}', '/_aliases', '/{index}/_alias', '/{index}/_alias/{name}', '/{index}/_aliases'], indices.getAliases),
  R('mapping.get', 'GET', ['/_mapping', '/_mappings', '/{index}/_mapping', '/{index}/_mappings'], indices.getMapping),
  R('mapping.put', 'PUT|POST', ['/{index}/_mapping', '/{index}/_mappings'], indices.putMapping),
  R('settings.get', 'GET', ['/_settings', '/{index}/_settings'], indices.getSettings),
  R('settings.put', 'PUT', ['/{index}/_settings'], indices.putSettings),
  R('doc.create', 'PUT|POST', ['/{index}/_create/{id}'], docs.createDoc),
  R('doc.update', 'POST', ['/{index}/_update/{id}'], docs.updateDocRoute),
  R('doc.source', 'GET', ['/{index}/_source/{id}'], docs.getSource),
  R('doc.get', 'GET', ['/{index}/_doc/{id}'], docs.getDoc),
  R('doc.head', 'HEAD', ['/{index}/_doc/{id}'], docs.headDoc),
  R('doc.put', 'PUT|POST', ['/{index}/_doc/{id}'], docs.putDoc),
  R('doc.delete', 'DELETE', ['/{index}/_doc/{id}'], docs.deleteDocRoute),
  R('doc.post', 'POST', ['/{index}/_doc'], docs.postDoc),
  R('index.create', 'PUT', ['/{index}'], indices.createIndex),
  R('index.delete', 'DELETE', ['/{index}'], indices.deleteIndex),
  R('index.exists', 'HEAD', ['/{index}'], indices.indexExists),
  R('index.get', 'GET', ['/{index}'], indices.getIndex),
]

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!
    if (p.endsWith('*}')) {
      if (i >= segments.length) return undefined
      params[p.slice(1, -2)] = segments.slice(i).join('/')
      return params
    }
    const s = segments[i]
    if (s === undefined) return undefined
    if (p.startsWith('{')) {
      const name = p.slice(1, -1)
      if (name === 'index' && s.startsWith('_') && s !== '_all') return undefined
      params[name] = s
    } else if (p !== s) return undefined
  }
  return pattern.length === segments.length ? params : undefined
}

export type RouteMatch =
  | {kind: 'route'; name: string; handler: Handler; params: Record<string, string>}
  | {kind: 'method-not-allowed'; allowed: string[]}
  | {kind: 'none'}

export function matchRoute(method: string, rawPath: string): RouteMatch {
  const segments = rawPath.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  })
  const allowed = new Set<string>()
  for (const route of ROUTES) {
    for (const pattern of route.patterns) {
      const params = matchPattern(pattern, segments)
      if (params === undefined) continue
      if (route.methods.includes(method)) return {kind: 'route', name: route.name, handler: route.handler, params}
      for (const m of route.methods) allowed.add(m)
    }
  }
  return allowed.size > 0 ? {kind: 'method-not-allowed', allowed: [...allowed]} : {kind: 'none'}
}
