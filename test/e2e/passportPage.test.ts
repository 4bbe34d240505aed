// Issue 16's passport page in chromium, on the demo: a battery registered with its passport and given three
// condition readings through the SDK (signed by the demo EV's own device), then its page read by anyone
// (`<station>/#passport=<id>`, no token: ratings and the QR code), by its owner (the EV's GUI, from the
// battery card's Passport link: the state of health chart, cycles against expected cycles, negative events)
// and by a device with no legitimate interest (station 2: the station's refusal sentence, the public tier).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { toHex } from 'viem'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import type { ConditionReading, PassportInfo } from '../../src/sdk/passport/passportTypes.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { DESKTOP, hasHorizontalScroll, PHONE } from '../helpers/browser.js'
import { batteryIdOf, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

/** 60 kWh certified, 3,000 cycles expected, exhausted below 70 %. */
const PASSPORT: PassportInfo = { certifiedUsableEnergyWh: 60_000, ratedCapacityMAh: 150_000, expectedLifetimeCycles: 3000, exhaustionThresholdPermille: 700, nominalVoltageDecivolts: 4000, chemistry: 'NMC811' }
/** A reading of the battery's management system: `throughputKWh` / 60 kWh is its full cycles; over-temperature not reported. */
const condition = (remainingEnergyWh: number, throughputKWh: number, deepDischargeEvents: number): ConditionReading => ({
  remainingEnergyWh,
  remainingCapacityMAh: Math.round((remainingEnergyWh * 150_000) / 60_000),
  energyThroughputWh: throughputKWh * 1000,
  deepDischargeEvents,
  overchargeEvents: 0,
  overTemperatureEvents: null,
  extremeTemperatureSeconds: 600,
})

let s: E2eSession
let id = 0
let stationOrigin = ''

before(async () => {
  s = await startE2eSession('passport')
  stationOrigin = new URL(s.demo.urls.station1).origin
  const ev = s.demo.devices.ev.agent
  const run = async (call: EvswapCall) => {
    const r = await ev.operate(call)
    assert.equal(r.status, 'confirmed', `${call.label}: ${r.error}`)
    return r
  }
  // Registered by the EV's own device: the EV owns and holds it. Health 99 %, then 96 %, then 93 %.
  const { staticInfo, dynamicInfo } = demoBattery('PASSPORT', { kWh: 59.4, socPercent: 99, price: 6000, year: 2025, month: 4 })
  const { price: _price, ...reading } = dynamicInfo
  const tag = toHex(crypto.getRandomValues(new Uint8Array(32)))
  const registered = await run(registerBatteryCall(s.deployment, { staticInfo, reading, tag, passport: { info: PASSPORT, condition: condition(59_400, 0, 0) } }))
  id = Number(registered.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId)
  assert.ok(id > 0, `BatteryRegistered in ${JSON.stringify(registered.events)}`)
  await run(dischargeCall(s.deployment, { batteryId: id, energyWh: 40_000, socPermille: 660, duration: 3600, condition: condition(57_600, 12_000, 0) }))
  await run(dischargeCall(s.deployment, { batteryId: id, energyWh: 20_000, socPermille: 330, duration: 3600, condition: condition(55_800, 24_720, 1) }))
  // Its USB disk in the EV, written as the chain holds it, so that the EV's GUI lists it (with no alert).
  const chain = (await getBattery(s.chain, s.deployment, id))!
  const file = join(s.demo.dirs.ev, 'usb', 'PASSPORT-1', BATTERY_FILE_NAME)
  mkdirSync(join(s.demo.dirs.ev, 'usb', 'PASSPORT-1'), { recursive: true })
  const { owner: _owner, holder: _holder, status: _status, ...chainReading } = chain.dynamicInfo
  writeBatteryFile(file, { batteryId: id, ownerAddress: ev.address.toLowerCase() as `0x${string}`, filePath: file, staticInfo: chain.staticInfo, dynamicInfo: { price: chain.price, ...chainReading }, passport: null, condition: null })
  await ev.check()
})

after(() => s?.close())

/** Page errors fail the test; console errors too, except the browser's line for an answer the test expects (`statuses`). */
function assertNoErrors(errors: string[], statuses: number[] = []): void {
  const expected = (m: string) => statuses.some((st) => m.includes(`Failed to load resource: the server responded with a status of ${st}`))
  assert.deepEqual(errors.filter((m) => !expected(m)), [], 'no errors in the GUI')
}

test('public page, no token: ratings, chemistry, status and the QR code of the public URL', { timeout: 180_000 }, async () => {
  const { page, errors } = await s.open(`${stationOrigin}/#passport=${id}`, PHONE)
  try {
    const summary = page.getByTestId('passport-summary')
    await summary.waitFor()
    assert.equal(await page.getByTestId('passport').getAttribute('data-tier'), 'public')
    assert.equal(await page.getByTestId('token-form').count(), 0, 'no token asked')
    assert.equal(await page.getByTestId('passport-brand').innerText(), 'PASSPORT')
    assert.match(await page.getByTestId('passport-chemistry').innerText(), /^NMC811 \(Lithium nickel manganese cobalt oxide\)$/)
    assert.match(await page.getByTestId('passport-status').innerText(), /^Original/)
    assert.equal(await page.getByTestId('rating-energy').innerText(), '60 kWh')
    assert.equal(await page.getByTestId('rating-capacity').innerText(), '150 Ah')
    assert.equal(await page.getByTestId('rating-voltage').innerText(), '400 V')
    assert.equal(await page.getByTestId('rating-cycles').innerText(), '3,000 cycles')
    assert.equal(await page.getByTestId('rating-lifetime').innerText(), '10 years')
    assert.equal(await page.getByTestId('rating-threshold').innerText(), '70 % state of health')
    // The data carrier: an svg QR code, and the URL it encodes is the passport's publicUrl, this very page.
    const qr = page.getByTestId('passport-qr').locator('svg')
    assert.equal(await qr.count(), 1)
    assert.ok(((await qr.boundingBox())?.width ?? 0) >= 100, 'a QR code big enough to scan')
    assert.equal(await page.getByTestId('passport-url').innerText(), `${stationOrigin}/#passport=${id}`)
    assert.equal(await page.getByTestId('passport-condition').count(), 0, 'no condition in the public tier')
    assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at phone width')
    await s.shot(page, 'public-phone')

    // A battery that does not exist: a sentence, not a blank page.
    await page.evaluate(() => (window.location.hash = 'passport=9999'))
    await page.getByTestId('error').filter({ hasText: 'There is no battery 9999 on this network: no passport to show.' }).waitFor()
    await s.shot(page, 'public-unknown')

    // A station that does not answer (the request fails on the way): a sentence too.
    await page.route('**/api/batteries/**', (r) => r.abort('connectionrefused'))
    await page.evaluate((n) => (window.location.hash = `passport=${n}`), id)
    await page.getByTestId('error').filter({ hasText: 'The station did not answer, so the passport cannot be shown.' }).waitFor()
    await s.shot(page, 'public-no-answer')
    await page.unroute('**/api/batteries/**')
    assertNoErrors(
      errors.filter((m) => !m.includes('net::ERR_CONNECTION_REFUSED')),
      [404],
    )
  } catch (e) {
    await s.failed(e)
  }
})

test("owner, from the battery card: state of health over time, cycles against expected, negative events", { timeout: 180_000 }, async () => {
  const { page, errors } = await s.open(s.demo.urls.ev, DESKTOP)
  try {
    const card = page.getByTestId('my-batteries').getByTestId(`battery-${id}`)
    await card.getByTestId('passport-link').waitFor()
    await s.shot(page, 'owner-cards')
    await card.getByTestId('passport-link').click()
    const view = page.getByTestId('passport-view')
    const chart = view.getByTestId('soh-chart')
    await chart.waitFor()
    assert.equal(await view.getByTestId('passport').getAttribute('data-tier'), 'legitimate')
    assert.equal(await view.getByTestId('passport-refused').count(), 0)
    // Three readings: registration, then two discharges; the canvas is drawn, the table holds the same points.
    assert.equal(await chart.getAttribute('data-points'), '3')
    assert.equal(await chart.getByTestId('soh-point').count(), 3)
    assert.deepEqual(
      (await chart.getByTestId('soh-point').locator('td:nth-child(2)').allTextContents()).map((t) => t.trim()),
      ['99 %', '96 %', '93 %'],
    )
    const canvas = chart.locator('canvas')
    const box = await canvas.boundingBox()
    assert.ok(box && box.width > 200 && box.height > 100, `a chart canvas is drawn: ${JSON.stringify(box)}`)
    assert.ok(await canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)), 'the canvas has pixels')
    assert.match(await view.getByTestId('cycles-text').innerText(), /^412 of 3,000 cycles as of /)
    assert.match(await view.getByTestId('condition-soh').innerText(), /^93 %\s*as of /)
    assert.match(await view.getByTestId('condition-energy').innerText(), /^55\.8 kWh\s*as of /)
    assert.match(await view.getByTestId('condition-fade').innerText(), /^7 %\s*as of /)
    assert.match(await view.getByTestId('negative-events').innerText(), /^1 deep discharge event as of /)
    assert.equal(await view.getByTestId('passport-qr').locator('svg').count(), 1)
    await s.shot(page, 'owner-desktop')
    await page.setViewportSize(PHONE)
    await chart.locator('canvas').waitFor()
    assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at phone width')
    await s.shot(page, 'owner-phone')
    // The dark theme: the chart's canvas is redrawn in its colours.
    await page.emulateMedia({ colorScheme: 'dark' })
    await view.locator('[data-testid="soh-chart"][data-theme="dark"]').waitFor()
    await s.shot(page, 'owner-phone-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await view.locator('[data-testid="soh-chart"][data-theme="light"]').waitFor()
    // Back to the EV's view, then the passport of its battery from before passports: every figure "not reported".
    await view.getByTestId('passport-back').click()
    const toy = await batteryIdOf(page, 'my-batteries', 'TOY')
    await page.getByTestId('my-batteries').getByTestId(`battery-${toy}`).getByTestId('passport-link').click()
    await view.getByTestId('passport-condition').waitFor()
    assert.equal(await view.getByTestId('passport').getAttribute('data-battery-id'), String(toy))
    for (const field of ['rating-energy', 'rating-capacity', 'rating-voltage', 'rating-cycles', 'rating-threshold', 'passport-chemistry', 'condition-soh', 'condition-energy', 'condition-fade']) {
      assert.equal(await view.getByTestId(field).innerText(), 'not reported', field)
    }
    assert.equal(await view.getByTestId('cycles-text').innerText(), 'cycles not reported')
    assert.equal(await view.getByTestId('negative-events').innerText(), 'Negative events: not reported.')
    assert.equal(await view.getByTestId('soh-chart').count(), 0, 'no chart without readings')
    await view.getByTestId('soh-none').waitFor()
    await s.shot(page, 'owner-not-reported-phone')
    assertNoErrors(errors)
  } catch (e) {
    await s.failed(e)
  }
})

test('a device with no legitimate interest (station 2): the refusal sentence, and the public tier', { timeout: 180_000 }, async () => {
  const { page, errors } = await s.open(s.demo.urls.station2, PHONE)
  try {
    await page.getByTestId('role').waitFor()
    await page.getByTestId('passport-link').first().waitFor()
    await s.shot(page, 'stranger-cards-phone')
    await page.evaluate((n) => (window.location.hash = `passport=${n}`), id)
    const refused = page.getByTestId('passport-refused')
    await refused.waitFor()
    assert.match(await refused.innerText(), new RegExp(`^Only the public passport: The legitimate-interest passport of battery ${id} is for its owner \\(EV 1, 0x[0-9a-fA-F]{40}\\)`))
    assert.equal(await page.getByTestId('passport').getAttribute('data-tier'), 'public')
    assert.equal(await page.getByTestId('rating-energy').innerText(), '60 kWh')
    assert.equal(await page.getByTestId('soh-chart').count(), 0)
    assert.equal(await page.getByTestId('passport-qr').locator('svg').count(), 1)
    assert.equal(await hasHorizontalScroll(page), false, 'no sideways scroll at phone width')
    await s.shot(page, 'stranger-phone')
    assertNoErrors(errors, [403])
  } catch (e) {
    await s.failed(e)
  }
})
