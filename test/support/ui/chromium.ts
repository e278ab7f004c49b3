/**
 * Debian's Chromium driven by playwright-core (no browser download). Tests skip, saying why, only when no
 * Chromium is installed; .ci/run installs it.
 */
import {existsSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import {join} from 'node:path'

import type {Browser} from 'playwright-core'

export const CHROMIUM = process.env.AOSS_CHROMIUM ?? '/usr/bin/chromium'
export const SCREENSHOTS = join(process.cwd(), 'tmp', 'ui-screenshots')

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set AOSS_CHROMIUM)`
}

export async function launchChromium(): Promise<Browser> {
  const {chromium} = await import('playwright-core')
  await mkdir(SCREENSHOTS, {recursive: true})
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags Chromium keeps calling home, which a closed network refuses.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}
