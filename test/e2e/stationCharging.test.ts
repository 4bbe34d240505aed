// Issue 17 item 5: a station charges a battery as a station does. In chromium on the demo's station 1 GUI, the
// operator starts a charge at 20 kW; the progress rises on screen as the battery's file rises; the chain hears
// a reading (uncounted) and EVs see the battery charging; Stop lands the charge on chain as one counted charge
// with the energy and the time it ran. A speed-up of 120 runs the model 2 minutes a second.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { DESKTOP, PHONE } from '../helpers/browser.js'
import { batteryIdOf, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'
import { waitForState } from '../helpers/waitFor.js'

let s: E2eSession
let st: Page

before(async () => {
  s = await startE2eSession('charging', { charger: { ratingW: 50_000, limitW: 150_000, speedup: 120, tickMs: 250, reportEveryS: 300 } })
  st = (await s.open(s.demo.urls.station1, DESKTOP)).page
})

after(() => s?.close())

test('station: a charge rises on screen, EVs see it charging, and Stop lands it on chain once', { timeout: 120_000 }, async () => {
  try {
    const id = await batteryIdOf(st, 'station-batteries', 'SUM')
    const agent = s.demo.devices.station1.device.agent
    // The demo's batteries start full: a day's driving first (through the station's own agent).
    const full = (await getBattery(s.chain, s.deployment, id))!.dynamicInfo
    const used = await agent.operate(dischargeCall(s.deployment, { batteryId: id, energyWh: full.energyWh / 4, socPermille: 250, duration: 3600 }), { batteryId: id })
    assert.equal(used.status, 'confirmed', `the discharge: ${used.error}`)
    const before = (await getBattery(s.chain, s.deployment, id))!.dynamicInfo
    await st.getByTestId(`battery-${id}`).getByTestId('battery-energy').filter({ hasText: `${(before.energyWh / 1000).toFixed(1)} kWh` }).waitFor()
    await st.getByTestId(`battery-${id}-charger-tab`).click()
    await st.locator(`#charger-${id}-power`).fill('20')
    await st.getByTestId(`charger-${id}-start`).click()

    // The reading on screen rises: two different values, each above the start.
    const reading = st.getByTestId(`charge-progress-${id}`).getByTestId('charge-reading')
    await reading.filter({ hasText: /20\.0 kW/ }).waitFor()
    const first = await reading.innerText()
    await st.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was, [`[data-testid="charge-progress-${id}"] [data-testid="charge-reading"]`, first] as const)

    // A reading reaches the chain after 5 model minutes: energy up, no charge counted.
    const onChain = await waitForState(agent.events, async () => {
      const d = (await getBattery(s.chain, s.deployment, id))!.dynamicInfo
      return d.energyWh > before.energyWh && d
    }, 'a reading of the charge on chain')
    assert.equal(onChain.chargingCount, before.chargingCount, 'a reading in progress counts no charge')
    assert.equal(onChain.chargingTotalTime, before.chargingTotalTime)

    // EVs looking for a battery see it charging, with its SOC now.
    const stations = await s.demo.devices.ev.agent.get<{ stationId: number; slots: { batteryId: number | null; charging?: { socPermille: number } }[] | null }[]>('/api/stations')
    const slot = stations.find((x) => x.stationId === 1)!.slots!.find((x) => x.batteryId === id)!
    assert.ok(slot.charging && slot.charging.socPermille > before.socPermille, `station 1's slot shows battery ${id} charging: ${JSON.stringify(slot)}`)
    await s.shot(st, '01-charging')
    // And the EV's GUI, looking for a battery at station 1 in its finder, shows it charging (not to be chosen mid-charge).
    const ev = (await s.open(s.demo.urls.ev, PHONE)).page
    // The finder lists every station; station 1's card has the battery.
    const shown = ev.getByTestId(`station-battery-${id}-charging`)
    await shown.filter({ hasText: /^Charging, \d+\.\d %/ }).waitFor()
    await shown.scrollIntoViewIfNeeded()
    await s.shot(ev, '02-ev-sees-charging')

    await st.getByTestId(`charger-${id}-stop`).click()
    const result = st.getByTestId(`charger-${id}-result`)
    await result.waitFor()
    assert.match(await result.innerText(), /on chain as one charge/)
    const session = agent.charger.sessions().find((x) => x.batteryId === id)!
    const afterCharge = (await getBattery(s.chain, s.deployment, id))!.dynamicInfo
    assert.equal(afterCharge.chargingCount, before.chargingCount + 1, 'one counted charge')
    assert.equal(afterCharge.energyWh, session.energyWh)
    assert.equal(afterCharge.socPermille, session.socPermille)
    assert.equal(afterCharge.chargingTotalTime, before.chargingTotalTime + Math.round(session.elapsedS), 'the time it ran, in model seconds')
    assert.ok(session.elapsedS >= 300, `it ran at least the 5 model minutes before the first reading: ${session.elapsedS} s`)

    // No false alarm: the file the charger raised ends equal to the chain, and no alert was raised on the way.
    const file = await waitForState(agent.events, () => {
      const b = agent.batteries().find((x) => x.batteryId === id)
      return b?.record?.dynamicInfo.chargingCount === afterCharge.chargingCount && b
    }, "the battery's file brought up to the counted charge")
    assert.equal(file.record!.dynamicInfo.energyWh, afterCharge.energyWh)
    assert.deepEqual(agent.alerts().filter((a) => a.batteryId === id), [])
    await st.getByTestId(`battery-${id}`).getByTestId('battery-energy').filter({ hasText: `${(afterCharge.energyWh / 1000).toFixed(1)} kWh` }).waitFor()
    await s.shot(st, '03-charged')
  } catch (e) {
    await s.failed(e)
  }
})
