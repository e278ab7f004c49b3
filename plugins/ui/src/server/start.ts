/**
 * Starts the page's server on a loopback address (a free port unless one is asked for) and says where it is.
 * Everything web-only is loaded from here, so only `aoss ui` pays for it.
 */
import type {AddressInfo} from 'node:net'

import {serve} from '@hono/node-server'

import {buildApp} from './app.js'
import {loadAssets} from './assets.js'
import type {UiContext} from './context.js'
import {Jobs} from './jobs.js'
import {createClient, createS3Client, type ConnectionSettings, type S3Settings} from './lib.js'
import {makeGate, newToken} from './security.js'

export interface StartOptions {
  settings: ConnectionSettings
  s3Settings: S3Settings
  backups: {bucket?: string, prefix?: string}
  toolVersion: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests); random otherwise. */
  token?: string
}

export interface RunningUi {
  /** The address to open, token included. */
  url: string
  /** The same address without the token. */
  origin: string
  token: string
  close(): Promise<void>
}

export async function startUi(options: StartOptions): Promise<RunningUi> {
  const host = options.host ?? '127.0.0.1'
  const client = await createClient(options.settings)
  let s3: ReturnType<typeof createS3Client> | undefined
  const jobs = new Jobs()
  const ctx: UiContext = {
    settings: options.settings,
    client,
    s3: () => (s3 ??= createS3Client(options.s3Settings)),
    s3Settings: options.s3Settings,
    backups: options.backups,
    toolVersion: options.toolVersion,
    jobs,
  }
  const assets = await loadAssets()
  const token = options.token ?? newToken()

  // The gate needs the port, which a free-port listen only knows afterwards: requests wait for it.
  let handler: ((request: Request) => Response | Promise<Response>) | undefined
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({fetch: (request) => handler!(request), hostname: host, port: options.port ?? 0}, () => resolve(listening))
    listening.once('error', reject)
  })
  const {port} = server.address() as AddressInfo
  handler = buildApp(ctx, makeGate(token, host, port), assets).fetch
  const shown = host.includes(':') ? `[${host}]` : host
  const origin = `http://${shown}:${port}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      jobs.abortAll()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) (server as {closeAllConnections(): void}).closeAllConnections()
      })
      await client.close()
      if (s3) (await s3).destroy()
    },
  }
}
