// The station operator's dashboard (src/web/src/station/dashboard/), driven in chromium on the demo's
// station 1 GUI after four swaps of today (one of each outcome): every chart draws on a canvas, and the
// numbers it plots (its "Figures" table) are the chain's own, read here through viem; the day's swaps list
// and its CSV download hold the same swaps with their amounts in E-coin. The same GUI's network page says,
// on the demo's embedded dev chain, that there are no signers, and shows the relay's last batch.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { isAddressEqual, type Address } from 'viem'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { cancelSwapCall } from '../../src/sdk/calls/cancelSwapCall.js'
import { denySwapCall } from '../../src/sdk/calls/denySwapCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import type { SwapView } from '../../src/sdk/reads/types.js'
import { DESKTOP, PHONE, hasHorizontalScroll, screenshotDir, type OpenedPage } from '../helpers/browser.js'
import { batteryIdOf, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

let s: E2eSession
let opened: OpenedPage
let st: Page
const ids = { sum: 0, toy: 0, byd: 0 }
const swaps: SwapView[] = []
const today = new Date().toISOString().slice(0, 10)

before(async () => {
  s = await startE2eSession('dashboard')
  opened = await s.open(s.demo.urls.station1, DESKTOP)
  st = opened.page
  ids.sum = await batteryIdOf(st, 'station-batteries', 'SUM')
  ids.byd = await batteryIdOf(st, 'station-batteries', 'BYD')
  const ev = (await s.open(s.demo.urls.ev, PHONE)).page
  ids.toy = await batteryIdOf(ev, 'my-batteries', 'TOY')
})

after(() => s?.close())

const evAgent = () => s.demo.devices.ev.agent
const stationAgent = () => s.demo.devices.station1.device.agent
const run = async (who: 'ev' | 'station', call: EvswapCall, batteryId?: number) => {
  const r = await (who === 'ev' ? evAgent() : stationAgent()).operate(call, batteryId === undefined ? {} : { batteryId })
  assert.equal(r.status, 'confirmed', `${call.label}: ${r.error}`)
  return r
}
/** The EV asks for a swap through its own agent; answers the swap as the chain has it. */
async function request(evBatteryId: number, stationBatteryId: number): Promise<SwapView> {
  const quote = await evAgent().get<{ cost: string }>(`/api/quote?ev=${evBatteryId}&station=${stationBatteryId}`)
  const r = await run('ev', requestSwapCall(s.deployment, { evBatteryId, stationBatteryId, maxCost: BigInt(quote.cost) }), evBatteryId)
  const swap = (await getSwap(s.chain, s.deployment, Number(r.events.find((e) => e.event === 'SwapRequested')!.args.swapId)))!
  swaps.push(swap)
  return swap
}
/** A chart's plotted numbers, from its Figures table: row label → series → cell text. */
async function figures(testId: string): Promise<Record<string, Record<string, string>>> {
  return st.getByTestId(testId).locator('td[data-series]').evaluateAll((cells) => {
    const out: Record<string, Record<string, string>> = {}
    for (const c of cells) (out[c.getAttribute('data-row')!] ??= {})[c.getAttribute('data-series')!] = c.textContent!.trim()
    return out
  })
}
const eCoin = (c: bigint) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${((c < 0n ? -c : c) % 100n).toString().padStart(2, '0')}`

test('dashboard: four swaps of today, each outcome once, charted from the chain; the list and its CSV', { timeout: 300_000 }, async () => {
  try {
    // Denied, cancelled, approved (EV 1's TOY for station 1's SUM), and one left pending (its SUM for BYD).
    const denied = await request(ids.toy, ids.sum)
    await run('station', denySwapCall(s.deployment, { swapId: denied.id, ...denied }))
    const cancelled = await request(ids.toy, ids.byd)
    await run('ev', cancelSwapCall(s.deployment, { swapId: cancelled.id }), ids.toy)
    const approved = await request(ids.toy, ids.sum)
    await run('station', approveSwapCall(s.deployment, { swapId: approved.id, ...approved }))
    const pending = await request(ids.sum, ids.byd)
    const outcome = new Map([[denied.id, 'Denied'], [cancelled.id, 'Cancelled'], [approved.id, 'Approved'], [pending.id, 'Pending']])
    const stationUnit = stationAgent().identity().unit
    const evName = `EV ${evAgent().identity().unit}`

    // The station's GUI refetches on the device's events; a reload makes sure it has every swap.
    await st.reload()
    const dashboard = st.getByTestId('dashboard')
    await dashboard.scrollIntoViewIfNeeded()
    for (const id of ['chart-swaps-per-hour', 'chart-swaps-per-day', 'chart-ecoin-per-day', 'chart-stock-soc', 'chart-stock-soh']) {
      await st.getByTestId(id).locator('canvas').waitFor()
    }
    await st.locator(`[data-testid="day-swaps"] tr[data-swap-id="${pending.id}"]`).waitFor()

    // Swaps per hour: the four of today, one of each outcome (summed over the hours: the hour may turn).
    const hours = await figures('chart-swaps-per-hour')
    assert.equal(Object.keys(hours).length, 24)
    const sum = (series: string) => Object.values(hours).reduce((n, r) => n + Number(r[series]), 0)
    assert.deepEqual(['approved', 'denied', 'cancelled', 'pending'].map(sum), [1, 1, 1, 1])
    // Swaps per day: 30 days to today, today's the four.
    const days = await figures('chart-swaps-per-day')
    assert.equal(Object.keys(days).length, 30)
    assert.deepEqual(days[today], { approved: '1', denied: '1', cancelled: '1', pending: '1' })
    assert.ok(Object.entries(days).every(([d, r]) => d === today || Object.values(r).every((v) => v === '0')))

    // E-coin: today's in and out of station 1's account, as the chain's Transfer logs of today's blocks say.
    const account: Address = stationAgent().address
    const logs = await s.chain.getLogs({ address: s.deployment.balanceProcess, event: balanceProcessAbi.find((x) => x.type === 'event' && x.name === 'Transfer') as never, fromBlock: 0n })
    let inToday = 0n
    let outToday = 0n
    for (const l of logs as unknown as { blockNumber: bigint; args: { from: Address; to: Address; value: bigint } }[]) {
      const day = new Date(Number((await s.chain.getBlock({ blockNumber: l.blockNumber })).timestamp) * 1000).toISOString().slice(0, 10)
      if (day !== today) continue
      if (isAddressEqual(l.args.to, account)) inToday += l.args.value
      if (isAddressEqual(l.args.from, account)) outToday += l.args.value
    }
    assert.ok(inToday >= approved.difference && approved.difference > 0n, 'the approved swap paid station 1')
    assert.deepEqual((await figures('chart-ecoin-per-day'))[today], { 'in (E-coin)': eCoin(inToday), 'out (E-coin)': eCoin(outToday) })

    // Stock: station 1's batteries by state of charge, as the chain reads them; none has a passport.
    const count = await s.chain.readContract({ address: s.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'batteryCount' })
    const held = []
    for (let id = 1; id <= count; id++) {
      const b = (await getBattery(s.chain, s.deployment, id))!
      if (b.dynamicInfo.holder === stationUnit && b.dynamicInfo.status !== 'Recycled') held.push({ id, ...b.dynamicInfo })
    }
    assert.deepEqual(held.map((b) => b.id).sort(), [ids.toy, ids.byd].sort(), 'station 1 has the TOY it took and the BYD promised to the pending swap')
    const soc = (lo: number, hi: number) => String(held.filter((b) => b.socPermille >= lo && b.socPermille < hi).length)
    assert.deepEqual(await figures('chart-stock-soc'), {
      '0–20 %': { batteries: soc(0, 200) },
      '20–50 %': { batteries: soc(200, 500) },
      '50–80 %': { batteries: soc(500, 800) },
      '80–100 %': { batteries: soc(800, 1001) },
    })
    const soh = await figures('chart-stock-soh')
    assert.equal(soh['no passport']!.batteries, '2')
    // Waiting to be charged: the TOY at 5 %, in service; the BYD is promised to a swap.
    assert.deepEqual(await st.locator('[data-testid="waiting-to-charge"] li').evaluateAll((li) => li.map((x) => Number(x.getAttribute('data-battery-id')))), [ids.toy])
    assert.match(await st.getByTestId('waiting-to-charge').innerText(), new RegExp(`Battery ${ids.toy}: 5\\.0 %`))

    // The day's swaps: oldest first, each with its EV, batteries, outcome and amount (difference + fee).
    const rows = st.locator('[data-testid="day-swaps"] tbody tr')
    assert.deepEqual(await rows.evaluateAll((tr) => tr.map((x) => [Number(x.getAttribute('data-swap-id')), x.getAttribute('data-status')])), swaps.map((w) => [w.id, outcome.get(w.id)]))
    for (const w of swaps) {
      const text = await st.locator(`[data-testid="day-swaps"] tr[data-swap-id="${w.id}"]`).innerText()
      assert.match(text, new RegExp(`${evName}\\s+${w.evBatteryId}\\s+${w.stationBatteryId}\\s+${outcome.get(w.id)!.toLowerCase()}`))
      assert.ok(text.includes(`${eCoin(w.difference + w.fee)} E-coin`), text)
    }
    await s.shot(st, '01-dashboard')
    await dashboard.screenshot({ path: join(screenshotDir(), 'dashboard-02-section.png'), animations: 'disabled' })

    // The CSV: a download with a header row and the same four swaps, amounts in E-coin.
    const [download] = await Promise.all([st.waitForEvent('download'), st.getByTestId('day-swaps-csv').click()])
    assert.equal(download.suggestedFilename(), `station-1-swaps-${today}.csv`)
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n')
    assert.equal(csv[0], 'swap,requested (UTC),EV,EV battery,station battery,outcome,difference (E-coin),fee (E-coin),amount (E-coin)')
    assert.deepEqual(
      csv.slice(1, -1).map((l) => l.split(',')),
      swaps.map((w) => [String(w.id), csv[swaps.indexOf(w) + 1]!.split(',')[1]!, evName, String(w.evBatteryId), String(w.stationBatteryId), outcome.get(w.id)!, eCoin(w.difference), eCoin(w.fee), eCoin(w.difference + w.fee)]),
    )
    assert.ok(csv.slice(1, -1).every((l) => l.split(',')[1]!.startsWith(`${today} `)))

    // Another day: no swaps then, and the hour chart is empty.
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    await st.getByTestId('dashboard-day').fill(yesterday)
    await st.getByTestId('day-swaps').getByText(`No swap was requested at this station on ${yesterday}.`).waitFor()
    await st.getByTestId('chart-swaps-per-hour').getByText(`${yesterday} (UTC): 0 requested`).waitFor()
    await st.getByTestId('dashboard-day').fill(today)
    await st.locator(`[data-testid="day-swaps"] tr[data-swap-id="${pending.id}"]`).waitFor()

    // At phone width the dashboard does not scroll sideways.
    await st.setViewportSize(PHONE)
    await dashboard.scrollIntoViewIfNeeded()
    assert.equal(await hasHorizontalScroll(st), false, 'the page scrolls sideways at phone width')
    await dashboard.screenshot({ path: join(screenshotDir(), 'dashboard-03-phone.png'), animations: 'disabled' })

    // Dark theme: the canvas takes its axis colours from the page's when it draws.
    await st.setViewportSize(DESKTOP)
    await st.emulateMedia({ colorScheme: 'dark' })
    await st.reload()
    await st.getByTestId('chart-stock-soh').locator('canvas').waitFor()
    await st.getByTestId('chart-ecoin-per-day').locator('summary').click()
    await st.getByTestId('dashboard').screenshot({ path: join(screenshotDir(), 'dashboard-04-dark.png'), animations: 'disabled' })
    assert.deepEqual(opened.errors, [], 'no page or console errors')
  } catch (e) {
    await s.failed(e)
  }
})

test('station: the network page on the embedded dev chain says there are no signers and shows the relay’s last batch', { timeout: 60_000 }, async () => {
  try {
    const network = st.getByTestId('network')
    await network.getByTestId('network-summary').filter({ hasText: /^This station runs the embedded dev chain: one node, which makes every block itself; there are no signers\.$/ }).waitFor()
    assert.equal(await network.getByTestId('network-self').innerText(), 'the embedded dev chain: the only node, it makes every block itself')
    assert.equal(await network.getByTestId('network-signers').count(), 0, 'no empty signers table')
    assert.equal(await network.getByTestId('network-blocks').count(), 0, 'no sealers table')
    // The swaps above went through this station's relay: its last batch is a mined one in a block of this chain.
    const batch = network.getByTestId('network-last-batch').filter({ hasText: /: mined in block #\d+, [\d,]+ gas$/ })
    await batch.waitFor()
    const block = Number(/block #(\d+)/.exec(await batch.innerText())![1])
    const head = Number(await s.chain.getBlockNumber({ cacheTime: 0 }))
    assert.ok(block > 0 && block <= head, `block #${block}, head #${head}`)
    assert.equal(await network.getByTestId('network-node').count(), 1)
    await st.setViewportSize(PHONE)
    await network.scrollIntoViewIfNeeded()
    assert.equal(await hasHorizontalScroll(st), false, 'the network page scrolls sideways at phone width')
    await network.screenshot({ path: join(screenshotDir(), 'network-page-anvil-phone.png'), animations: 'disabled' })
    assert.deepEqual(opened.errors, [], 'no page or console errors')
  } catch (e) {
    await s.failed(e)
  }
})
