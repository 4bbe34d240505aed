// Every action of a station operator, driven in chromium on the demo's station 1 GUI: charge, discharge,
// approve (with the handover both GUIs guide), deny (a swap where the station pays the EV), recycle.
// Each test reads the outcome from the chain through viem, and checks that the screen says it in words.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { DESKTOP, PHONE, type OpenedPage } from '../helpers/browser.js'
import { batteryIdOf, expectDone, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'
import { eCoin } from '../helpers/eCoin.js'

let s: E2eSession
let st: Page
let ev: Page
const ids = { sum: 0, toy: 0, byd: 0 }

before(async () => {
  s = await startE2eSession('station')
  st = (await s.open(s.demo.urls.station1, DESKTOP)).page
  ev = (await s.open(s.demo.urls.ev, PHONE)).page
  ids.sum = await batteryIdOf(st, 'station-batteries', 'SUM')
  ids.byd = await batteryIdOf(st, 'station-batteries', 'BYD')
  ids.toy = await batteryIdOf(ev, 'my-batteries', 'TOY')
})

after(() => s?.close())

const battery = async (id: number) => (await getBattery(s.chain, s.deployment, id))!
const balance = async (who: 'ev' | 'station1') => {
  const agent = who === 'ev' ? s.demo.devices.ev.agent : s.demo.devices.station1.device.agent
  return (await getAccount(s.chain, s.deployment, agent.address)).balance
}

/** The EV asks for a swap through its own agent (the EV GUI's request is tested in evActions.test.ts). */
async function evRequests(evBatteryId: number, stationBatteryId: number): Promise<number> {
  const agent = s.demo.devices.ev.agent
  const quote = await agent.get<{ cost: string }>(`/api/quote?ev=${evBatteryId}&station=${stationBatteryId}`)
  const r = await agent.operate(requestSwapCall(s.deployment, { evBatteryId, stationBatteryId, maxCost: BigInt(quote.cost) }), { batteryId: evBatteryId })
  assert.equal(r.status, 'confirmed', `the EV's request: ${r.error}`)
  return Number(r.events.find((e) => e.event === 'SwapRequested')!.args.swapId)
}

/** Opens a battery's action tab and fills its energy form (kWh, %, hours, minutes), then submits it. */
async function energy(page: Page, kind: 'charge' | 'discharge', id: number, v: { kWh: number; soc: number; h: number; min: number }) {
  await page.getByTestId(`battery-${id}-${kind}-tab`).click()
  await page.locator(`#${kind}-${id}-energy`).fill(String(v.kWh))
  await page.locator(`#${kind}-${id}-soc`).fill(String(v.soc))
  await page.locator(`#${kind}-${id}-hours`).fill(String(v.h))
  await page.locator(`#${kind}-${id}-minutes`).fill(String(v.min))
  await page.getByTestId(`${kind}-${id}-submit`).click()
  return expectDone(page.locator(`#battery-${id}-${kind}`), `${kind} battery ${id}`)
}

test('station: discharge then charge a battery, in hours and minutes', { timeout: 180_000 }, async () => {
  try {
    const before = await battery(ids.sum)
    const down = { kWh: (before.dynamicInfo.energyWh - 2000) / 1000, soc: (before.dynamicInfo.socPermille - 50) / 10, h: 1, min: 30 }
    const discharged = await energy(st, 'discharge', ids.sum, down)
    assert.match(await discharged.innerText(), new RegExp(`Discharged to ${down.kWh.toFixed(1)} kWh, ${down.soc.toFixed(1)} %, over 1 h 30 min`))
    const mid = await battery(ids.sum)
    assert.equal(mid.dynamicInfo.energyWh, before.dynamicInfo.energyWh - 2000)
    assert.equal(mid.dynamicInfo.socPermille, before.dynamicInfo.socPermille - 50)
    assert.equal(mid.dynamicInfo.dischargingCount, before.dynamicInfo.dischargingCount + 1)
    assert.equal(mid.dynamicInfo.dischargingTotalTime, before.dynamicInfo.dischargingTotalTime + 5400)
    await s.shot(st, '01-discharged')
    // The charge starts from the reading the GUI shows: wait until it shows the discharge's, as a person would
    // (on a loaded machine it arrived after the charge form had opened and replaced the values typed in it).
    await st.getByTestId(`battery-${ids.sum}`).getByTestId('battery-energy').filter({ hasText: `${(mid.dynamicInfo.energyWh / 1000).toFixed(1)} kWh` }).waitFor()

    const charged = await energy(st, 'charge', ids.sum, { kWh: before.dynamicInfo.energyWh / 1000, soc: before.dynamicInfo.socPermille / 10, h: 2, min: 0 })
    assert.match(await charged.innerText(), /Charged to .* over 2 h\b/)
    // The discharge's result box went when the charge started: old results do not pile up.
    await st.locator(`#battery-${ids.sum}-discharge [data-testid="op-result"]`).waitFor({ state: 'detached' })
    const after = await battery(ids.sum)
    assert.equal(after.dynamicInfo.energyWh, before.dynamicInfo.energyWh)
    assert.equal(after.dynamicInfo.chargingCount, before.dynamicInfo.chargingCount + 1)
    assert.equal(after.dynamicInfo.chargingTotalTime, before.dynamicInfo.chargingTotalTime + 7200)
    // The details give times in the same unit as the form.
    await st.getByTestId(`battery-${ids.sum}`).locator('summary', { hasText: 'Details' }).click()
    assert.match(await st.getByTestId(`battery-${ids.sum}`).innerText(), /Charging time\s+\d+ h( \d+ min)?/)
  } catch (e) {
    await s.failed(e)
  }
})

test('station: approve; both GUIs say which USB disk goes where; the EV is offered a battery only where its disk is', { timeout: 180_000 }, async () => {
  try {
    const swapId = await evRequests(ids.toy, ids.byd)
    const swap = (await getSwap(s.chain, s.deployment, swapId))!
    assert.ok(swap.difference > 0n, 'a charged BYD is worth more than the depleted TOY')
    const row = st.getByTestId(`swap-request-${swapId}`)
    await row.waitFor()
    const rowText = await row.innerText()
    assert.match(rowText, /from EV 1/, 'the station sees the EV by name')
    assert.doesNotMatch(rowText, /0x[0-9a-f]{4}/i, 'no bare address')
    assert.match(rowText, new RegExp(`You receive ${eCoin(swap.difference)} from EV 1\\.`))
    await s.shot(st, '02-pending')

    const stationBefore = await balance('station1')
    await st.getByTestId(`approve-${swapId}`).click()
    const approved = await expectDone(st.getByTestId('swap-requests'), 'approve')
    assert.match(await approved.innerText(), new RegExp(`You received ${eCoin(swap.difference)} from EV 1`))
    assert.equal((await getSwap(s.chain, s.deployment, swapId))!.status, 'Approved')
    assert.equal(await balance('station1'), stationBefore + swap.difference)
    assert.equal((await battery(ids.toy)).dynamicInfo.owner, s.demo.devices.station1.device.agent.address)
    assert.equal((await battery(ids.byd)).dynamicInfo.owner, s.demo.devices.ev.agent.address)

    // Which disk goes where, on each side, with the demo's command.
    const stOut = st.getByTestId(`handover-out-${ids.byd}`)
    await stOut.waitFor()
    assert.match(await stOut.innerText(), new RegExp(`Take the USB disk BYD-1 \\(BYD, battery ${ids.byd}\\) out of this station and give it to EV 1\\.`))
    assert.match(await stOut.innerText(), /npx evswap usb move BYD-1 station1 ev/)
    assert.match(await st.getByTestId(`handover-in-${ids.toy}`).innerText(), new RegExp(`EV 1 gives you the USB disk of battery ${ids.toy} \\(TOY\\)`))
    const evOut = ev.getByTestId(`handover-out-${ids.toy}`)
    await evOut.waitFor()
    assert.match(await evOut.innerText(), new RegExp(`Take the USB disk TOY-1 \\(TOY, battery ${ids.toy}\\) out of this EV and give it to station 1\\.`))
    assert.match(await evOut.innerText(), /npx evswap usb move TOY-1 ev station1/)
    const evIn = ev.getByTestId(`handover-in-${ids.byd}`)
    await evIn.waitFor()
    assert.match(await evIn.innerText(), new RegExp(`Take the USB disk BYD-1 \\(BYD, battery ${ids.byd}\\) from station 1 and put it in this EV\\.`))
    assert.match(await evIn.innerText(), /npx evswap usb move BYD-1 station1 ev/)

    // The chain puts TOY at station 1, but its disk is still in the EV: the EV is not offered it there.
    await ev.locator('[data-testid="finder-station-1"] [data-testid="station-stock-note"]').filter({ hasText: 'the USB disk is not in its slots yet' }).waitFor()
    assert.equal(await ev.getByTestId(`station-battery-${ids.toy}`).count(), 0)
    await s.shot(st, '03-approved-handover')
    await s.shot(ev, '04-ev-handover')

    // The disks move: the guidance and the approval's result box go, and TOY is offered at station 1 again.
    await s.demo.moveUsb('TOY-1', 'ev', 'station1')
    await s.demo.moveUsb('BYD-1', 'station1', 'ev')
    await st.getByTestId('handover').waitFor({ state: 'detached' })
    await ev.getByTestId('handover').waitFor({ state: 'detached' })
    await st.locator('[data-testid="swap-requests"] [data-testid="op-result"]').waitFor({ state: 'detached' })
    await ev.getByTestId(`station-battery-${ids.toy}`).waitFor()
    await s.shot(ev, '05-ev-after-move')
  } catch (e) {
    await s.failed(e)
  }
})

test('station: deny a swap where the station would pay the EV; the EV is told and refunded', { timeout: 180_000 }, async () => {
  try {
    const evBefore = await balance('ev')
    // Now the EV holds the charged BYD and the station the depleted TOY: the EV's battery is worth more.
    const swapId = await evRequests(ids.byd, ids.toy)
    const swap = (await getSwap(s.chain, s.deployment, swapId))!
    assert.ok(swap.difference < 0n)
    const row = st.getByTestId(`swap-request-${swapId}`)
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`You pay EV 1 ${eCoin(-swap.difference)}\\.`), 'a negative difference says who pays whom')
    assert.doesNotMatch(await row.innerText(), /-\d+\.\d\d E-coin/)
    await s.shot(st, '06-pending-station-pays')

    await st.getByTestId(`deny-${swapId}`).click()
    const denied = await expectDone(st.getByTestId('swap-requests'), 'deny')
    assert.match(await denied.innerText(), /Nothing moved: EV 1 got its escrow back\./)
    assert.equal((await getSwap(s.chain, s.deployment, swapId))!.status, 'Denied')
    assert.equal(await balance('ev'), evBefore, 'the escrow went back to the EV owner')
    const notice = ev.getByTestId(`swap-notice-${swapId}`)
    await notice.waitFor()
    assert.match(await notice.innerText(), new RegExp(`Station 1 denied swap ${swapId}\\.[\\s\\S]*escrow of ${eCoin(swap.escrow)} was refunded`))
  } catch (e) {
    await s.failed(e)
  }
})

test('station: recycle a battery, asked twice', { timeout: 120_000 }, async () => {
  try {
    await st.getByTestId(`battery-${ids.toy}-recycle-tab`).click()
    await st.getByTestId(`recycle-${ids.toy}`).click()
    await st.getByTestId(`recycle-${ids.toy}-confirm`).click()
    const done = await expectDone(st.locator(`#battery-${ids.toy}-recycle`), 'recycle')
    assert.match(await done.innerText(), new RegExp(`TOY battery ${ids.toy} is recycled: out of service for good`))
    assert.equal((await battery(ids.toy)).dynamicInfo.status, 'Recycled')
    await st.getByTestId(`battery-${ids.toy}`).getByTestId('battery-status').filter({ hasText: 'Recycled' }).waitFor()
    await s.shot(st, '07-recycled')
  } catch (e) {
    await s.failed(e)
  }
})

test('station: on the embedded anvil chain the signer votes panel says there is nothing to vote on', { timeout: 60_000 }, async () => {
  try {
    const none = st.getByTestId('votes').getByTestId('votes-none')
    await none.waitFor()
    assert.equal(await none.innerText(), "This station's chain has no signers to vote on: it is the embedded dev chain (or, with --rpc, a node this station does not run).")
    assert.equal(await st.getByTestId('vote-form').count(), 0, 'no vote form where there is nothing to vote on')
    await s.shot(st, '05-votes-anvil')
  } catch (e) {
    await s.failed(e)
  }
})
