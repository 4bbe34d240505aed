// One demo and one browser shared by the tests of an e2e file: the GUI built as it is now, startDemo on free
// ports in a temp dir, Debian's chromium, and a viem client on the demo's chain so that tests read what
// happened from the chain itself, not from the GUI they drive.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { createPublicClient, http, type PublicClient } from 'viem'
import { startDemo, type Demo, type StartDemoOptions } from '../../src/rich/startDemo.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { launchBrowser, openPage, snap, type OpenedPage } from './browser.js'
import { ensureWebBuilt } from './ensureWebBuilt.js'
import { freePortRange } from './freePort.js'

/** Generous: a busy 2-core machine runs anvil, two stations, two devices and chromium at once. */
export const UI_TIMEOUT_MS = 45_000

export type E2eSession = {
  demo: Demo
  browser: Browser
  /** A client on the demo's anvil: the independent witness of what the GUI did. */
  chain: PublicClient
  deployment: Deployment
  /** Opens a GUI URL in its own browser context; closed with the session. */
  open(url: string, viewport: { width: number; height: number }): Promise<OpenedPage>
  /** A full-page screenshot in test-results/e2e/, its path printed in the test output. */
  shot(page: Page, name: string): Promise<void>
  /** Screenshots every open page and prints its errors (call from a failing test), then rethrows. */
  failed(err: unknown): Promise<never>
  close(): Promise<void>
}

/**
 * Builds the GUI when its sources changed since the last build (never with EVSWAP_E2E_SKIP_BUILD=1), starts
 * the demo and chromium.
 *
 * @example
 * let s: E2eSession
 * before(async () => { s = await startE2eSession('station') })
 * after(() => s.close())
 */
export async function startE2eSession(prefix: string, options: Pick<StartDemoOptions, 'charger' | 'mapTiles'> = {}): Promise<E2eSession> {
  if (process.env.EVSWAP_E2E_SKIP_BUILD !== '1') await ensureWebBuilt()
  const dir = mkdtempSync(join(tmpdir(), `evswap-e2e-${prefix}-`))
  // Ports: anvil on basePort, then the super account's GUI, the two stations, the EV (startDemo).
  const basePort = await freePortRange(5)
  const demo = await startDemo({ dir, basePort, quiet: true, ...options }).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true })
    throw e
  })
  // The station GUIs are HTTPS with the demo's own CA: chromium accepts exactly those certificates.
  const browser = await launchBrowser(demo.tls.stations.map((s) => s.cert)).catch(async (e: unknown) => {
    await demo.stop()
    rmSync(dir, { recursive: true, force: true })
    throw e
  })
  const deployment = demo.devices.ev.agent.deployment()
  const chain = createPublicClient({ transport: http(`http://127.0.0.1:${basePort}`) })
  const pages: OpenedPage[] = []
  const session: E2eSession = {
    demo,
    browser,
    chain,
    deployment,
    async open(url, viewport) {
      const opened = await openPage(browser, url, viewport)
      opened.page.setDefaultTimeout(UI_TIMEOUT_MS)
      pages.push(opened)
      return opened
    },
    async shot(page, name) {
      console.log(`# screenshot: ${await snap(page, `${prefix}-${name}`)}`)
    },
    async failed(err) {
      for (const [i, p] of pages.entries()) await session.shot(p.page, `failure-${i}`).catch(() => {})
      for (const p of pages) if (p.errors.length) console.log(`# page errors: ${p.errors.join('\n# ')}`)
      throw err
    },
    async close() {
      for (const p of pages) {
        assert.deepEqual(
          p.errors.filter((m) => m.startsWith('pageerror')),
          [],
          'no uncaught errors in the GUI',
        )
      }
      for (const p of pages) await p.context.close().catch(() => {})
      await browser.close().catch(() => {})
      await demo.stop().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return session
}

/**
 * Waits for the outcome of the operation shown in `scope` (an op result or an error box) and fails with its
 * text unless the chain confirmed it. Returns the result box, to read what it says.
 */
export async function expectDone(scope: Locator, what: string): Promise<Locator> {
  const result = scope.locator('[data-testid="op-result"], [data-testid="error"]').first()
  await result.waitFor()
  assert.equal(await result.getAttribute('data-status'), 'confirmed', `${what}: ${await result.innerText()}`)
  return result
}

/** The id of the battery of `brand` in the page's list `section`, once registered. */
export async function batteryIdOf(page: Page, section: string, brand: string): Promise<number> {
  const card = page.locator(`[data-testid="${section}"] article[data-brand="${brand}"]:not([data-battery-id=""])`).first()
  await card.waitFor()
  return Number(await card.getAttribute('data-battery-id'))
}
