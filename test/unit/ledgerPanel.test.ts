// The E-coin ledger in a real browser on the running demo (embedded chain, two stations, the EV and the
// super account's device, all started in-process): after a swap request, its approval and a run of grants,
// every role's GUI shows its ledger, and "Show more" pages through the EV's. Screenshots go to
// test-results/e2e/ledger-*.png. Every wait is on a UI or chain condition, none is a fixed sleep.
import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { build } from 'vite'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { swapTermsOf } from '../../src/sdk/calls/swapTermsOf.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { DESKTOP, hasHorizontalScroll, launchBrowser, openPage, PHONE, screenshotDir, snap, type OpenedPage } from '../helpers/browser.js'
import { freePortRange } from '../helpers/freePort.js'

const repo = resolve(import.meta.dirname, '../..')
/** More grants than the panel's page of 20, so "Show more" has an older page to load. */
const GRANTS = 20

let demo: Demo | undefined
let browser: Browser | undefined
let dir: string | undefined
const pages: OpenedPage[] = []

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-ledger-'))
  // The GUI as it is now, built beside the test's demo rather than over dist/web, which other runs serve.
  const webRoot = join(dir, 'web')
  process.env.EVSWAP_WEB_SKIP_TYPECHECK = '1'
  await build({ configFile: join(repo, 'src/web/vite.config.ts'), logLevel: 'warn', build: { outDir: webRoot, emptyOutDir: true } })
  demo = await startDemo({ dir: join(dir, 'demo'), basePort: await freePortRange(5), quiet: true, webRoot, blockTime: 0.25 })
  browser = await launchBrowser(demo.tls.stations.map((s) => s.cert))
})

after(async () => {
  for (const p of pages) await p.context.close().catch(() => {})
  await browser?.close().catch(() => {})
  await demo?.stop().catch(() => {})
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function open(url: string, viewport: typeof PHONE | typeof DESKTOP): Promise<Page> {
  const opened = await openPage(browser!, url, viewport)
  opened.page.setDefaultTimeout(60_000)
  pages.push(opened)
  return opened.page
}

/** Rows of the ledger table on `page`, once there are `count`. */
async function ledgerRows(page: Page, count: number) {
  const rows = page.locator('[data-testid="ledger"] [data-testid="ledger-entry"]')
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ledger"] [data-testid="ledger-entry"]').length === n, count)
  return rows
}

test('test_ledgerPanel_everyRole_showsItsMoney_andPagesWithShowMore', { timeout: 300_000 }, async () => {
  const d = demo!
  const deployment = d.devices.ev.agent.deployment()
  const evAgent = d.devices.ev.agent
  const toy = evAgent.batteries().find((b) => b.record?.staticInfo.brand === 'TOY')!.batteryId!
  const byd = d.devices.station1.device.agent.batteries().find((b) => b.record?.staticInfo.brand === 'BYD')!.batteryId!

  const requested = await evAgent.operate(requestSwapCall(deployment, { evBatteryId: toy, stationBatteryId: byd, maxCost: 1_000_00n }))
  assert.equal(requested.status, 'confirmed', requested.error)
  const terms = swapTermsOf(requested.events.find((e) => e.event === 'SwapRequested')!.args)
  const swapId = terms.swapId
  const approved = await d.devices.station1.device.agent.operate(approveSwapCall(deployment, terms))
  assert.equal(approved.status, 'confirmed', approved.error)
  for (let i = 1; i <= GRANTS; i++) {
    const r = await d.devices.super.agent.operate(grantECoinCall(deployment, { to: evAgent.address, amount: BigInt(i) }))
    assert.equal(r.status, 'confirmed', r.error)
  }
  // The demo's start grant, the escrow, then the run of grants.
  const evTotal = 2 + GRANTS

  // The EV owner, at phone width: a page of 20, then the older ones.
  const ev = await open(d.urls.ev, PHONE)
  let rows = await ledgerRows(ev, 20)
  assert.equal(await rows.first().getAttribute('data-kind'), 'grant')
  assert.match(await rows.first().innerText(), /0\.20 E-coin granted by the super account/)
  await snap(ev, 'ledger-ev-phone-first-page')
  await ev.getByTestId('ledger-more').click()
  rows = await ledgerRows(ev, evTotal)
  assert.equal(await ev.getByTestId('ledger-more').count(), 0, 'no "Show more" on the last page')
  const escrow = rows.nth(evTotal - 2)
  assert.equal(await escrow.getAttribute('data-kind'), 'escrow')
  assert.match(await escrow.innerText(), new RegExp(`escrow for swap ${swapId}: \\d+\\.\\d\\d E-coin .*held until station 1 approves or denies`, 'i'))
  assert.match(await escrow.locator('.ledger-amount').innerText(), /^-\d+\.\d\d E-coin$/)
  // The newest entry's balance after is the balance the page shows at the top.
  assert.equal(await rows.first().locator('.ledger-balance').innerText(), await ev.getByTestId('balance').innerText())
  assert.equal(await hasHorizontalScroll(ev), false, 'the ledger makes the phone page scroll sideways')
  await snap(ev, 'ledger-ev-phone-all')
  await ev.getByTestId('ledger').screenshot({ path: join(screenshotDir(), 'ledger-ev-phone-panel.png'), animations: 'disabled' })

  // The device's proxy answers what its station answers for its own account.
  const viaDevice = await fetch(`${new URL(d.urls.ev).origin}/api/device/ledger?limit=2`, { headers: { authorization: `Bearer ${d.devices.ev.token}` } })
  assert.equal(viaDevice.status, 200)
  const page = (await viaDevice.json()) as { account: string; entries: { kind: string }[]; next?: string }
  assert.equal(page.account.toLowerCase(), evAgent.address.toLowerCase())
  assert.equal(page.entries.length, 2)
  assert.ok(page.next)
  const direct = (await evAgent.station.request('GET', `/api/accounts/${evAgent.address}/ledger?limit=2`)).body
  assert.deepEqual(page, direct)

  // The station operator, at desktop width: its start grant, then the swap's settlement from the escrow.
  const station = await open(d.urls.station1, DESKTOP)
  rows = await ledgerRows(station, 2)
  assert.equal(await rows.first().getAttribute('data-kind'), 'settlement')
  assert.match(await rows.first().innerText(), new RegExp(`swap ${swapId} settled: .*paid to you from EV 1's escrow`, 'i'))
  await snap(station, 'ledger-station-desktop')
  // Open, it follows the chain without a reload: a grant to the station shows as a new top row.
  const more = await d.devices.super.agent.operate(grantECoinCall(deployment, { to: d.devices.station1.device.agent.address, amount: 1_23n }))
  assert.equal(more.status, 'confirmed', more.error)
  rows = await ledgerRows(station, 3)
  assert.match(await rows.first().innerText(), /1\.23 E-coin granted by the super account/)
  await station.getByTestId('ledger').screenshot({ path: join(screenshotDir(), 'ledger-station-panel.png'), animations: 'disabled' })

  // The super account, the treasury: the swap fee.
  const superPage = await open(d.urls.super, DESKTOP)
  rows = await ledgerRows(superPage, 1)
  assert.equal(await rows.first().getAttribute('data-kind'), 'fee')
  assert.match(await rows.first().innerText(), new RegExp(`fee for swap ${swapId}: 2\\.00 E-coin from EV 1's escrow`, 'i'))
  await snap(superPage, 'ledger-super-desktop')
})
