/** Shared by library tests: a client for a local emulator without retries, and a way to catch a rejection. */
import {type Client, createClient} from '../../src/lib/connection/client.js'
import {resolveSettings} from '../../src/lib/connection/settings.js'

export async function clientFor(url: string): Promise<Client> {
  return createClient(resolveSettings({endpoint: url, auth: 'none', maxRetries: 0}, {env: {}, cwd: '/nonexistent'}))
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (error) {
    return error
  }

  throw new Error('expected a rejection')
}
