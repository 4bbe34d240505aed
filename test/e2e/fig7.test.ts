// The paper's Fig. 7, in a real browser against the real system: the embedded chain, the contracts, two
// stations (relay, API, swap interface) and an EV device, all started in-process by startDemo.
//
//   1. The EV (phone width) has a depleted TOY battery; station 1 (desktop width) has charged SUM and BYD.
//   2. The EV owner picks TOY and station 1's BYD, reads the quote, requests the swap.
//   3. The operator sees the pending request and approves it: ownership changes on chain.
//   4. The USB disks have not moved, so both GUIs alert: each holds a battery the chain puts elsewhere.
//   5. The disks are exchanged; the alerts clear; balances and owners show the settlement.
//
// Screenshots of every step land in test-results/e2e/ (gitignored). No fixed sleeps: every wait is on a
// UI condition, through playwright's auto-waiting locators.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { startDemo } from '../../src/rich/startDemo.js'
import { ensureWebBuilt } from '../helpers/ensureWebBuilt.js'
import { freePortRange } from '../helpers/freePort.js'
import { DESKTOP, hasHorizontalScroll, launchBrowser, openPage, PHONE, snap, type OpenedPage } from '../helpers/browser.js'

type Demo = Awaited<ReturnType<typeof startDemo>>

const UI_TIMEOUT_MS = 45_000

let demo: Demo | undefined
let browser: Browser | undefined
let dir: string | undefined
const pages: OpenedPage[] = []

before(async () => {
  // The devices serve dist/web: the GUI as it is now (npm run build has type-checked it already).
  if (process.env.EVSWAP_E2E_SKIP_BUILD !== '1') await ensureWebBuilt()
  dir = mkdtempSync(join(tmpdir(), 'evswap-e2e-'))
  demo = await startDemo({ dir, basePort: await freePortRange(5), quiet: true })
  browser = await launchBrowser(demo.tls.stations.map((s) => s.cert))
})

after(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close().catch(() => {})
  await demo?.stop().catch(() => {})
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function open(url: string, viewport: typeof PHONE | typeof DESKTOP): Promise<OpenedPage> {
  const opened = await openPage(browser!, url, viewport)
  opened.page.setDefaultTimeout(UI_TIMEOUT_MS)
  pages.push(opened)
  return opened
}

/** The id of the battery of `brand` on the page's main battery list (waits until it shows, registered). */
async function batteryIdOf(page: Page, section: string, brand: string): Promise<number> {
  const card = page.locator(`[data-testid="${section}"] article[data-brand="${brand}"]`)
  await card.waitFor()
  await page.waitForFunction(
    ([s, b]) => Number(document.querySelector(`[data-testid="${s}"] article[data-brand="${b}"]`)?.getAttribute('data-battery-id')) > 0,
    [section, brand] as const,
  )
  return Number(await card.getAttribute('data-battery-id'))
}

async function cents(page: Page): Promise<bigint> {
  return BigInt((await page.getByTestId('balance').getAttribute('data-cents')) ?? 'NaN')
}

/** Waits until the operation shown inside `scope` has finished, and fails with its text unless confirmed. */
async function expectConfirmed(page: Page, scope: string, what: string): Promise<void> {
  const result = page.locator(`[data-testid="${scope}"] [data-testid="op-result"], [data-testid="${scope}"] [data-testid="error"]`).first()
  await result.waitFor()
  const status = await result.getAttribute('data-status')
  assert.equal(status, 'confirmed', `${what}: ${await result.innerText()}`)
}

async function assertNoSideScroll(page: Page, step: string): Promise<void> {
  assert.equal(await hasHorizontalScroll(page), false, `${step}: the page scrolls sideways at ${page.viewportSize()?.width} px`)
}

test('Fig. 7: swap TOY for BYD, alerts until the USB disks are exchanged', { timeout: 300_000 }, async () => {
  const started = performance.now()
  const step = (n: string) => console.log(`# ${((performance.now() - started) / 1000).toFixed(1)} s: ${n}`)
  const ev = await open(demo!.urls.ev, PHONE)
  const station = await open(demo!.urls.station1, DESKTOP)
  const e = ev.page
  const s = station.page
  try {
    // ---- 1. the start of Fig. 7
    await e.getByTestId('balance').waitFor()
    assert.equal(await e.getByTestId('role').innerText(), 'EV owner')
    assert.ok(!e.url().includes('token='), 'the GUI wipes the token from the address bar')
    const toy = await batteryIdOf(e, 'my-batteries', 'TOY')
    await s.getByTestId('balance').waitFor()
    assert.equal(await s.getByTestId('role').innerText(), 'Station operator')
    const byd = await batteryIdOf(s, 'station-batteries', 'BYD')
    await batteryIdOf(s, 'station-batteries', 'SUM')
    await e.getByTestId('alert-box').waitFor({ state: 'detached' })
    await s.getByTestId('alert-box').waitFor({ state: 'detached' })
    assert.match(await e.getByTestId(`battery-${toy}`).innerText(), /\d+\.\d kWh[\s\S]*E-coin/)
    const evStart = await cents(e)
    await snap(e, '01-ev-start-phone')
    await snap(s, '02-station-start-desktop')
    await assertNoSideScroll(e, 'EV at start')
    step(`started: TOY #${toy} in the EV, BYD #${byd} at station 1, EV balance ${evStart} cents`)

    // ---- 2. the EV owner asks for BYD in exchange for TOY
    await e.getByTestId('ev-battery-select').selectOption(String(toy))
    await e.locator('[data-testid="finder-station-1"]').getByTestId(`choose-${byd}`).click()
    const quote = e.getByTestId('quote')
    await quote.waitFor()
    const cost = BigInt((await quote.getAttribute('data-cost'))!)
    const fee = BigInt((await quote.getAttribute('data-fee'))!)
    const difference = BigInt((await quote.getAttribute('data-difference'))!)
    assert.ok(difference > 0n, `a charged BYD is worth more than a depleted TOY (difference ${difference})`)
    assert.equal(cost, difference + fee, 'the cost is the price difference plus the fee')
    assert.match(await e.getByTestId('quote-cost').innerText(), /^\d+\.\d{2} E-coin$/)
    await snap(e, '03-ev-quote-phone')
    await assertNoSideScroll(e, 'EV with a quote')
    await e.getByTestId('request-swap').click()
    await expectConfirmed(e, 'swap-panel', 'request swap')
    const pending = e.locator(`[data-testid="my-swaps"] article[data-status="Pending"][data-ev-battery="${toy}"][data-station-battery="${byd}"]`)
    await pending.waitFor()
    const swapId = Number((await pending.getAttribute('data-testid'))!.replace('swap-request-', ''))
    await e.getByTestId(`cancel-${swapId}`).waitFor()
    await snap(e, '04-ev-requested-phone')
    step(`swap ${swapId} requested, quoted ${cost} cents (difference ${difference}, fee ${fee})`)

    // ---- 3. the operator sees it (live, no reload) and approves
    await s.getByTestId(`swap-request-${swapId}`).waitFor()
    await s.getByTestId(`approve-${swapId}`).waitFor()
    await snap(s, '05-station-pending-desktop')
    await s.getByTestId(`approve-${swapId}`).click()
    await expectConfirmed(s, 'swap-requests', 'approve swap')
    await s.locator(`[data-testid="swap-request-${swapId}"][data-status="Pending"]`).waitFor({ state: 'detached' })
    step(`swap ${swapId} approved`)

    // ---- 4. chain and USB disagree: both sides alert, for the battery each one still holds
    const evAlert = e.locator(`[data-testid="alert-box"][role="alert"] [data-testid="alert-item"][data-kind="held_elsewhere"][data-battery="${toy}"]`)
    const stAlert = s.locator(`[data-testid="alert-box"][role="alert"] [data-testid="alert-item"][data-kind="held_elsewhere"][data-battery="${byd}"]`)
    await evAlert.waitFor()
    await stAlert.waitFor()
    assert.match(await evAlert.innerText(), /station 1/)
    assert.match(await stAlert.innerText(), /EV 1/)
    await e.getByTestId(`owner-${toy}`).filter({ hasText: 'station 1' }).waitFor()
    await snap(e, '06-ev-alert-phone')
    await snap(s, '07-station-alert-desktop')
    await assertNoSideScroll(e, 'EV with the alert')
    step('both GUIs alert')

    // ---- 5. the physical exchange of the USB disks clears the alerts
    await demo!.moveUsb('TOY-1', 'ev', 'station1')
    await demo!.moveUsb('BYD-1', 'station1', 'ev')
    await e.getByTestId('alert-box').waitFor({ state: 'detached' })
    await s.getByTestId('alert-box').waitFor({ state: 'detached' })
    step('alerts cleared after the USB exchange')

    // Owners changed: BYD is the EV's, TOY the station's, on each side's own list.
    await e.getByTestId(`battery-${byd}`).waitFor()
    await e.getByTestId(`battery-${toy}`).waitFor({ state: 'detached' })
    await e.getByTestId(`owner-${byd}`).filter({ hasText: 'EV 1' }).filter({ hasText: '(you)' }).waitFor()
    await s.getByTestId(`battery-${toy}`).waitFor()
    await s.getByTestId(`battery-${byd}`).waitFor({ state: 'detached' })
    await s.getByTestId(`owner-${toy}`).filter({ hasText: 'station 1' }).filter({ hasText: '(you)' }).waitFor()

    // The EV paid exactly the quote.
    await e.waitForFunction((want) => document.querySelector('[data-testid="balance"]')?.getAttribute('data-cents') === want, String(evStart - cost))
    assert.equal(await cents(e), evStart - cost)

    // The battery's history, from the chain, with block numbers.
    await e.getByTestId(`battery-${byd}-history-tab`).click()
    const items = e.locator(`[data-testid="history-${byd}"] [data-testid="history-item"]`)
    await items.first().waitFor()
    assert.match(await items.first().innerText(), /#\d+/)
    await snap(e, '08-ev-after-phone')
    await snap(s, '09-station-after-desktop')
    await assertNoSideScroll(e, 'EV after the swap')

    // The super account sees everyone and the network.
    const sup = await open(demo!.urls.super, DESKTOP)
    await sup.page.getByTestId('admin').waitFor()
    await sup.page.getByTestId('head-block').waitFor()
    await sup.page.getByTestId(`owner-${byd}`).filter({ hasText: 'EV 1' }).waitFor()
    await snap(sup.page, '10-super-desktop')

    for (const p of pages) assert.deepEqual(p.errors.filter((m) => m.startsWith('pageerror')), [], 'no uncaught errors in the GUI')
    step('done')
  } catch (err) {
    for (const [i, p] of pages.entries()) await snap(p.page, `failure-${i}`).catch(() => {})
    for (const p of pages) if (p.errors.length) console.log(`# page errors: ${p.errors.join('\n# ')}`)
    throw err
  }
})
