/**
 * Backups: list and verify what the bucket holds, start a backup (runBackup, as `aoss backup` and the Lambda run
 * it) or a restore (runRestore) as a job whose progress the page follows over server-sent events.
 */
import {Hono} from 'hono'

import type {UiContext} from '../context.js'
import {errorAnswer} from '../errors.js'
import {AossError, isAossError, listBackups, parseS3Uri, runBackup, runRestore, prepareBackup, settingSources, verifyBackup} from '../lib.js'

function describe(error: unknown): Record<string, unknown> {
  if (isAossError(error)) return error.toJSON()
  process.stderr.write(`aoss ui: ${(error as Error)?.stack ?? String(error)}\n`)
  return {code: 'UNEXPECTED', message: (error as Error)?.message ?? String(error)}
}

function percent(done: number, expected: number | undefined): number | undefined {
  if (expected === undefined) return undefined
  return expected === 0 ? 100 : Math.min(100, Math.floor((done / expected) * 100))
}

export function backupRoutes(ctx: UiContext): Hono {
  const app = new Hono()

  app.get('/backups', async (c) => {
    try {
      const bucket = c.req.query('bucket') || ctx.backups.bucket
      const prefix = c.req.query('prefix') || ctx.backups.prefix
      if (!bucket) return c.json({bucket: null, prefix, backups: []})
      return c.json({bucket, prefix, backups: await listBackups(await ctx.s3(), {bucket, prefix})})
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.post('/backups/verify', async (c) => {
    try {
      const {manifest} = await c.req.json<{manifest?: string}>()
      if (!manifest) throw new AossError('USAGE', 'which backup? give its manifest s3:// address')
      return c.json(await verifyBackup(await ctx.s3(), parseS3Uri(manifest)))
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.post('/backups', async (c) => {
    try {
      const {index, bucket = ctx.backups.bucket, prefix = ctx.backups.prefix ?? ''} = await c.req.json<{index?: string, bucket?: string, prefix?: string}>()
      if (!index) throw new AossError('USAGE', 'which index should be backed up?')
      if (!bucket) throw new AossError('USAGE', 'no bucket: give one, or start aoss ui with --bucket (or OUTPUT_BUCKET)')
      // The same setup as `aoss backup` and the Lambda; the page's S3 client is kept open across jobs.
      const setup = await prepareBackup({indices: [index], bucket, prefix}, {sources: settingSources(), client: {client: ctx.client, settings: ctx.settings}, s3: await ctx.s3()})
      const job = ctx.jobs.start('backup', (report, signal) => runBackup({
        ...setup.options,
        toolVersion: ctx.toolVersion,
        source: setup.source,
        signal,
        onProgress: (event) => report({percent: percent(event.docs, event.expected), docs: event.docs, expected: event.expected, bytes: event.bytes, label: event.index}),
      }, setup.deps), describe)
      return c.json({job: job.id}, 202)
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  app.post('/restores', async (c) => {
    try {
      const {manifest, index} = await c.req.json<{manifest?: string, index?: string}>()
      if (!manifest || !index) throw new AossError('USAGE', 'give the backup (manifest s3:// address) and the target index')
      const job = ctx.jobs.start('restore', (report, signal) => runRestore(ctx.client, ctx.settings, {
        source: manifest,
        index,
        createIndex: true,
        s3: ctx.s3Settings,
        signal,
        onProgress: (stats, expected) => report({percent: percent(stats.written ?? 0, expected), docs: stats.written ?? 0, expected, label: index}),
      }), describe)
      return c.json({job: job.id}, 202)
    } catch (error) {
      return errorAnswer(c, error)
    }
  })

  return app
}
