import {expect} from 'chai'
import {execFile} from 'node:child_process'
import {createServer} from 'node:http'
import {type AddressInfo} from 'node:net'
import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'

import {repoRoot} from '../../support/cli.js'

/**
 * Runs createClient in a fresh process (this one has loaded the library's Client class in other tests), sends one
 * request through it, and reports which of the library's files were loaded.
 */
async function loadedFiles(endpoint: string, auth: 'none' | 'sigv4'): Promise<{status: number, files: string[]}> {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  const factory = pathToFileURL(`${repoRoot}/src/lib/connection/client.ts`).href
  const settings = pathToFileURL(`${repoRoot}/src/lib/connection/settings.ts`).href
  const script = `
    import {createRequire} from 'node:module'
    const {createClient} = await import(${JSON.stringify(factory)})
    const {resolveSettings} = await import(${JSON.stringify(settings)})
    const credentials = async () => ({accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret'})
    const client = await createClient(resolveSettings({endpoint: ${JSON.stringify(endpoint)}, auth: ${JSON.stringify(auth)}, region: 'us-east-1'}, {env: {}, cwd: '/nonexistent-dir-for-tests'}), {credentials})
    const {statusCode} = await client.transport.request({method: 'GET', path: '/'})
    await client.close()
    const files = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('@opensearch-project/opensearch/'))
    process.stdout.write(JSON.stringify({status: statusCode, files}))
  `
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', loader, '--no-warnings', '--input-type=module', '-e', script], {cwd: repoRoot}, (error, out) =>
      error ? reject(error) : resolve(out),
    )
  })
  return JSON.parse(stdout) as {status: number, files: string[]}
}

describe('transport client', () => {
  let server: ReturnType<typeof createServer>
  let endpoint: string

  before(async () => {
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end('{"version":{"number":"2.17.0"}}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  after(() => server.close())

  for (const auth of ['none', 'sigv4'] as const) {
    it(`sends requests without loading the library's Client class or its API modules (auth ${auth})`, async () => {
      const {status, files} = await loadedFiles(endpoint, auth)
      expect(status).to.equal(200)
      expect(files.some((file) => file.endsWith('/lib/Transport.js'))).to.equal(true)
      expect(files.filter((file) => file.includes('/opensearch/api/') || file.endsWith('/lib/Client.js'))).to.deep.equal([])
    })
  }
})
