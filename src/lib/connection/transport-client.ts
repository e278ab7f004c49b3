/**
 * A client made of the OpenSearch library's Transport, connection pool and serializer only.
 *
 * Every request the tool sends goes through `client.transport.request`; the library's `Client` class adds ~1,000
 * API modules on top (`client.search`, `client.cat.indices`, …) that nothing here calls, and loading them costs
 * ~20 MB of resident memory and ~100 ms per process. This assembles the same pieces the `Client` constructor does,
 * with the same defaults, without the API surface.
 */
import type {ApiResponse, Connection, ConnectionPool, Serializer, Transport} from '@opensearch-project/opensearch'
import type {BasicAuth} from '@opensearch-project/opensearch/lib/pool/index.js'
import {EventEmitter} from 'node:events'
import type {ConnectionOptions as TlsOptions} from 'node:tls'

/** What the tool uses of a client: its transport, its pool (for the endpoint in messages), its events, close. */
export interface Client {
  readonly transport: Transport
  readonly connectionPool: ConnectionPool
  on(event: 'response' | 'request', listener: (error: unknown, result: ApiResponse | null) => void): void
  close(): Promise<void>
}

export interface TransportClientOptions {
  node: string
  Connection: typeof Connection
  Transport: typeof Transport
  maxRetries: number
  requestTimeout: number
  suggestCompression: boolean
  ssl: TlsOptions
  auth?: BasicAuth
}

export async function transportClient(options: TransportClientOptions): Promise<Client> {
  // The library's own files, loaded one by one: its index would load the Client class and every API module with it.
  const [{default: {ConnectionPool: Pool}}, {default: JsonSerializer}] = await Promise.all([
    import('@opensearch-project/opensearch/lib/pool/index.js') as unknown as Promise<{default: {ConnectionPool: typeof ConnectionPool}}>,
    import('@opensearch-project/opensearch/lib/Serializer.js') as unknown as Promise<{default: typeof Serializer}>,
  ])
  const events = new EventEmitter()
  const emit = events.emit.bind(events)
  // The defaults below are the library Client's own (lib/Client.js), so requests go out as they did through it.
  const connectionPool = new Pool({
    Connection: options.Connection,
    ssl: options.ssl,
    auth: options.auth,
    emit,
    pingTimeout: 3000,
    resurrectStrategy: 'ping',
    sniffEnabled: false,
  } as ConstructorParameters<typeof ConnectionPool>[0])
  connectionPool.addConnection(options.node)
  const transport = new options.Transport({
    emit,
    connectionPool,
    serializer: new JsonSerializer(),
    maxRetries: options.maxRetries,
    requestTimeout: options.requestTimeout,
    suggestCompression: options.suggestCompression,
    sniffOnStart: false,
    sniffOnConnectionFault: false,
    sniffEndpoint: '_nodes/_all/http',
    nodeSelector: 'round-robin',
    headers: {},
    name: 'opensearch-js',
    ...(options.auth ? {auth: options.auth} : {}),
  })

  return {
    transport,
    connectionPool,
    on(event, listener) {
      events.on(event, listener)
    },
    close: () => new Promise<void>((resolve) => {
      connectionPool.empty(() => resolve())
    }),
  }
}
