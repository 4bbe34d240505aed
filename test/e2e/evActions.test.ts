// Every action of an EV owner, driven in chromium on the demo's EV GUI (phone width): discharge, request a
// swap, cancel it, and being told when the station denies one. Each test reads the outcome from the chain
// through viem, and checks that the screen says in words what happened.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { denySwapCall } from '../../src/sdk/calls/denySwapCall.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import { PHONE } from '../helpers/browser.js'
import { batteryIdOf, expectDone, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'
import { eCoin } from '../helpers/eCoin.js'
import { FIG6_TEXT } from '../helpers/fig6Battery.js'

let s: E2eSession
let ev: Page
const ids = { toy: 0, sum: 0 }

before(async () => {
  s = await startE2eSession('ev')
  ev = (await s.open(s.demo.urls.ev, PHONE)).page
  ids.toy = await batteryIdOf(ev, 'my-batteries', 'TOY')
  const station1 = await s.demo.devices.station1.device.agent
  ids.sum = station1.batteries().find((b) => b.chain?.staticInfo.brand === 'SUM')!.batteryId!
})

after(() => s?.close())

const evBalance = async () => (await getAccount(s.chain, s.deployment, s.demo.devices.ev.agent.address)).balance

/** Picks TOY and station 1's SUM in the swap form, checks the quote's words, and requests the swap. */
async function requestToyForSum(): Promise<{ swapId: number; cost: bigint }> {
  await ev.getByTestId('ev-battery-select').selectOption(String(ids.toy))
  await ev.locator('[data-testid="finder-station-1"]').getByTestId(`choose-${ids.sum}`).click()
  const quote = ev.getByTestId('quote')
  await quote.waitFor()
  const cost = BigInt((await quote.getAttribute('data-cost'))!)
  const difference = BigInt((await quote.getAttribute('data-difference'))!)
  assert.ok(difference > 0n)
  assert.match(await ev.getByTestId('quote-who-pays').innerText(), new RegExp(`You pay station 1 ${eCoin(difference)}\\.[\\s\\S]*You pay the swap fee, 2\\.00 E-coin, to the network\\.`))
  await ev.getByTestId('request-swap').click()
  const done = await expectDone(ev.getByTestId('swap-panel'), 'request')
  const swapId = Number((await ev.locator('[data-testid="my-swaps"] article[data-status="Pending"]').first().getAttribute('data-testid'))!.replace('swap-request-', ''))
  assert.match(await done.innerText(), new RegExp(`Swap ${swapId} requested\\. ${eCoin(cost)} is held in escrow until station 1 approves or denies it\\.`))
  return { swapId, cost }
}

test('EV: discharge its battery, duration in hours and minutes', { timeout: 120_000 }, async () => {
  try {
    const before = (await getBattery(s.chain, s.deployment, ids.toy))!
    await ev.getByTestId(`battery-${ids.toy}-discharge-tab`).click()
    await ev.locator(`#discharge-${ids.toy}-energy`).fill(String((before.dynamicInfo.energyWh - 500) / 1000))
    await ev.locator(`#discharge-${ids.toy}-soc`).fill(String((before.dynamicInfo.socPermille - 10) / 10))
    await ev.locator(`#discharge-${ids.toy}-hours`).fill('0')
    await ev.locator(`#discharge-${ids.toy}-minutes`).fill('45')
    await ev.getByTestId(`discharge-${ids.toy}-submit`).click()
    const done = await expectDone(ev.locator(`#battery-${ids.toy}-discharge`), 'discharge')
    assert.match(await done.innerText(), /Discharged to \d+\.\d kWh, \d+\.\d %, over 45 min\./)
    const after = (await getBattery(s.chain, s.deployment, ids.toy))!
    assert.equal(after.dynamicInfo.energyWh, before.dynamicInfo.energyWh - 500)
    assert.equal(after.dynamicInfo.dischargingCount, before.dynamicInfo.dischargingCount + 1)
    assert.equal(after.dynamicInfo.dischargingTotalTime, before.dynamicInfo.dischargingTotalTime + 45 * 60)
    // The history labels the block and says the duration in the same unit.
    await ev.getByTestId(`battery-${ids.toy}-history-tab`).click()
    const first = ev.locator(`[data-testid="history-${ids.toy}"] [data-testid="history-item"]`).first()
    await first.filter({ hasText: 'over 45 min' }).waitFor()
    assert.match(await first.innerText(), /^block #\d+/)
    await s.shot(ev, '01-discharged')
  } catch (e) {
    await s.failed(e)
  }
})

test('EV: request a swap, then cancel it; the escrow comes back', { timeout: 120_000 }, async () => {
  try {
    const start = await evBalance()
    const { swapId, cost } = await requestToyForSum()
    const swap = (await getSwap(s.chain, s.deployment, swapId))!
    assert.equal(swap.status, 'Pending')
    assert.equal(swap.escrow, cost)
    assert.equal(await evBalance(), start - cost)
    await s.shot(ev, '02-requested')

    await ev.getByTestId(`cancel-${swapId}`).click()
    const notice = ev.getByTestId(`swap-notice-${swapId}`)
    await notice.waitFor()
    assert.match(await notice.innerText(), new RegExp(`Swap ${swapId} at station 1 was cancelled\\.[\\s\\S]*escrow of ${eCoin(cost)} was refunded`))
    assert.equal((await getSwap(s.chain, s.deployment, swapId))!.status, 'Cancelled')
    assert.equal(await evBalance(), start)
    // The request's green box went with the step after it.
    await ev.locator('[data-testid="swap-panel"] [data-testid="op-result"]').waitFor({ state: 'detached' })
    await s.shot(ev, '03-cancelled')
    await ev.getByTestId(`dismiss-notice-${swapId}`).click()
    await notice.waitFor({ state: 'detached' })
  } catch (e) {
    await s.failed(e)
  }
})

test('EV: told when the station denies its request, with the refund', { timeout: 120_000 }, async () => {
  try {
    const start = await evBalance()
    const { swapId, cost } = await requestToyForSum()
    // The station's operator denies it (the station GUI's Deny is driven in stationActions.test.ts).
    const seen = (await getSwap(s.chain, s.deployment, swapId))!
    const r = await s.demo.devices.station1.device.agent.operate(denySwapCall(s.deployment, { swapId, ...seen }))
    assert.equal(r.status, 'confirmed', r.error)
    const notice = ev.getByTestId(`swap-notice-${swapId}`)
    await notice.waitFor()
    assert.match(await notice.innerText(), new RegExp(`Station 1 denied swap ${swapId}\\.[\\s\\S]*Your escrow of ${eCoin(cost)} was refunded`))
    assert.equal((await getSwap(s.chain, s.deployment, swapId))!.status, 'Denied')
    assert.equal(await evBalance(), start)
    await ev.locator('[data-testid="swap-panel"] [data-testid="op-result"]').waitFor({ state: 'detached' })
    await s.shot(ev, '04-denied')
  } catch (e) {
    await s.failed(e)
  }
})

test('EV: a battery the chain does not know shows what its file says, in words', { timeout: 120_000 }, async () => {
  const folder = join(s.demo.dirs.ev, 'usb', 'GHOST-1')
  try {
    mkdirSync(folder, { recursive: true })
    const text = FIG6_TEXT.replace('"batteryID": 1', '"batteryID": 999').replace('"ownerAddress": ""', `"ownerAddress": "${s.demo.devices.ev.agent.address}"`)
    writeFileSync(join(folder, 'battery information.json'), text)
    await s.demo.devices.ev.agent.check()
    const card = ev.getByTestId('battery-999')
    await card.waitFor()
    const owner = await card.locator('[data-testid="owner-999"]').innerText()
    assert.match(owner, /EV 1 \(you\) \(says its USB file\)/)
    assert.doesNotMatch(await card.innerText(), /unknown ·|0x[0-9a-f]{4}…/i)
    await s.shot(ev, '05-unknown-battery')
  } catch (e) {
    await s.failed(e)
  } finally {
    rmSync(folder, { recursive: true, force: true })
    await s.demo.devices.ev.agent.check()
  }
})

test('EV: a file edited by hand is an alert that says what to do, and the button does it', { timeout: 120_000 }, async () => {
  try {
    const file = join(s.demo.dirs.ev, 'usb', 'TOY-1', 'battery information.json')
    const json = JSON.parse(readFileSync(file, 'utf8')) as { dynamicInfo: { energy: number } }
    const onChain = (await getBattery(s.chain, s.deployment, ids.toy))!.dynamicInfo.energyWh
    writeFileSync(file, JSON.stringify({ ...json, dynamicInfo: { ...json.dynamicInfo, energy: onChain / 1000 + 7 } }, null, 2))
    await s.demo.devices.ev.agent.check()
    const alert = ev.locator(`[data-testid="battery-${ids.toy}"] .battery-alerts li[data-kind="stale_file"]`)
    await alert.waitFor()
    await s.shot(ev, '06-stale-file')
    await alert.getByTestId(`repair-${ids.toy}`).click()
    await alert.waitFor({ state: 'detached' })
    const repaired = JSON.parse(readFileSync(file, 'utf8')) as { dynamicInfo: { energy: number | string } }
    assert.equal(Number(repaired.dynamicInfo.energy), onChain / 1000, 'the file holds the chain reading again')
    await ev.getByTestId(`battery-${ids.toy}`).getByTestId('last-file-update').filter({ hasText: 'rewritten from the chain as asked' }).waitFor()
  } catch (e) {
    await s.failed(e)
  }
})
