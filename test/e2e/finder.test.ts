// The EV's station finder in chromium on the demo: stations nearest first from the EV's configured position
// (the demo EV parks at Münchner Freiheit, between the demo's stations in Munich), with their distance, what each
// offers now and "not answering" for a station that runs no server; a typed position reorders them; the super
// account places a station as it registers it, and an operator changes its details but not its location.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { getStationPlaces } from '../../src/sdk/reads/getStationPlaces.js'
import { DESKTOP, PHONE } from '../helpers/browser.js'
import { expectDone, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

let s: E2eSession
/** The EV's page of the first test: the second watches it follow a station's change live. */
let ev: Page

before(async () => {
  s = await startE2eSession('finder')
})

after(() => s?.close())

/** The finder's stations as shown, top to bottom: number, distance text, whether it answered. */
async function shown(ev: Page): Promise<{ id: number; km: string; answering: boolean }[]> {
  const cards = ev.locator('[data-testid="finder"] > li')
  const out = []
  for (const card of await cards.all()) {
    out.push({
      id: Number((await card.getAttribute('data-testid'))!.replace('finder-station-', '')),
      km: await card.getByTestId('finder-distance').innerText(),
      answering: (await card.getAttribute('data-answering')) === 'true',
    })
  }
  return out
}

test('finder: stations nearest first, a silent one says so, a typed position reorders them', { timeout: 180_000 }, async () => {
  try {
    // The super account registers and places station 3 in Garching, 10.8 km north; no server runs for it.
    const sup = (await s.open(s.demo.urls.super, DESKTOP)).page
    const form = sup.getByTestId('register-form')
    await form.locator('#reg-address').fill(privateKeyToAddress(generatePrivateKey()))
    await form.getByTestId('register-role').selectOption('StationOperator')
    await form.locator('#reg-unit').fill('3')
    await form.locator('#reg-place-name').fill('Garching Forschungszentrum')
    await form.locator('#reg-place-latitude').fill('48.249')
    await form.locator('#reg-place-longitude').fill('11.651')
    await form.locator('#reg-place-address').fill('Boltzmannstraße 1, 85748 Garching')
    await form.locator('#reg-place-openingHours').fill('Mo-Fr 06:00-23:00')
    await form.locator('#reg-place-formats').fill('CATL, BYD')
    await form.getByRole('button', { name: 'Register' }).click()
    assert.match(await (await expectDone(form, 'register and place station 3')).innerText(), /placed at Garching Forschungszentrum/)
    const [garching] = await getStationPlaces(s.chain, s.deployment, [3])
    assert.deepEqual(garching, { name: 'Garching Forschungszentrum', latitude: 48.249, longitude: 11.651, address: 'Boltzmannstraße 1, 85748 Garching', openingHours: 'Mo-Fr 06:00-23:00', formats: ['CATL', 'BYD'] })
    await s.shot(sup, '01-super-placed-station-3')

    ev = (await s.open(s.demo.urls.ev, PHONE)).page
    await ev.getByTestId('finder-station-3').waitFor()
    // Distances from Münchner Freiheit (48.1617, 11.5863), by the haversine formula on a 6371 km sphere.
    assert.deepEqual(await shown(ev), [
      { id: 2, km: '0.96 km', answering: true },
      { id: 1, km: '2.8 km', answering: true },
      { id: 3, km: '10.8 km', answering: false },
    ])
    assert.match(await ev.getByTestId('finder-from').innerText(), /from 48\.1617, 11\.5863 \(from this EV's device config\)/)
    // No tile server configured (the demo's default): no map, the list stands alone.
    assert.equal(await ev.getByTestId('finder-map').count(), 0)
    const marienplatz = ev.getByTestId('finder-station-1')
    assert.match(await marienplatz.innerText(), /Marienplatz[\s\S]*Marienplatz 8, 80331 München[\s\S]*Mo-Sa 07:00-22:00[\s\S]*takes SUM, BYD/)
    // Station 1 offers its charged batteries with their quote for the EV's battery; station 3 says it is silent.
    await marienplatz.locator('[data-testid^="station-battery-"]').first().waitFor()
    for (const row of await marienplatz.locator('[data-testid^="station-battery-"]').all()) {
      await row.getByTestId('finder-quote').filter({ hasText: /you pay \d+\.\d{2} E-coin/ }).waitFor()
      assert.match(await row.innerText(), /(SUM|BYD)[\s\S]*#\d+[\s\S]*\d+(\.\d)? %/)
    }
    assert.match(await ev.getByTestId('finder-station-3').getByTestId('not-answering').innerText(), /Not answering: station 3 did not say which USB disks are in its slots/)
    await s.shot(ev, '02-ev-finder-phone')

    // A position typed at Marienplatz: station 1 comes first, at 0 km.
    await ev.getByTestId('finder-position-input').fill('48.137154, 11.576124')
    await ev.getByTestId('finder-position').getByRole('button', { name: 'Set' }).click()
    await ev.getByTestId('finder-from').filter({ hasText: 'as typed' }).waitFor()
    assert.deepEqual(
      (await shown(ev)).map((x) => [x.id, x.km]),
      [
        [1, '0.00 km'],
        [2, '3.8 km'],
        [3, '13.6 km'],
      ],
    )

    // Choosing a battery there leads into the swap request, with its quote.
    const first = marienplatz.locator('[data-testid^="station-battery-"]').first()
    const batteryId = Number((await first.getAttribute('data-testid'))!.replace('station-battery-', ''))
    await first.getByTestId(`choose-${batteryId}`).click()
    assert.match(await ev.getByTestId('chosen-station-battery').innerText(), new RegExp(`#${batteryId} · [\\d.]+ % at Marienplatz \\(station 1, 0\\.00 km\\)`))
    await ev.getByTestId('quote').waitFor()
    await s.shot(ev, '03-ev-finder-chosen-phone')
  } catch (e) {
    await s.failed(e)
  }
})

test('station: its operator changes the details; the location stays the super account’s', { timeout: 120_000 }, async () => {
  try {
    // The stream the EV's finder follows, read in the EV's page as the GUI reads it: its first event says it is
    // open (one reread covers what happened before); the next must come from the operator's change.
    const token = new URL(s.demo.urls.ev.replace('#token=', '?token=')).searchParams.get('token')!
    await ev.evaluate(
      (t) =>
        new Promise<void>((resolve) => {
          const w = window as unknown as { stationEvents: number }
          w.stationEvents = 0
          new EventSource(`/api/device/stations/events?token=${encodeURIComponent(t)}`).addEventListener('stations', () => {
            w.stationEvents += 1
            resolve()
          })
        }),
      token,
    )
    const heard = await ev.evaluate(() => (window as unknown as { stationEvents: number }).stationEvents)
    await ev.getByTestId('finder-live').filter({ hasText: 'live' }).waitFor()
    const st = (await s.open(s.demo.urls.station2, DESKTOP)).page
    const form = st.getByTestId('station-place-form')
    await form.waitFor()
    assert.equal(await form.locator('#place-latitude').getAttribute('readonly'), '', 'the location is read-only')
    await form.locator('#place-openingHours').fill('Mo-Su 05:00-23:30')
    await form.locator('#place-name').fill('Schwabing Nord Swap')
    await st.getByTestId('station-place-save').click()
    assert.match(await (await expectDone(form, 'update station 2')).innerText(), /EV owners now see station 2 as Schwabing Nord Swap/)
    const [place] = await getStationPlaces(s.chain, s.deployment, [2])
    assert.deepEqual(place, { name: 'Schwabing Nord Swap', latitude: 48.1703, longitude: 11.5866, address: 'Leopoldstraße 180, 80804 München', openingHours: 'Mo-Su 05:00-23:30', formats: ['CATL', 'TOY'] })
    await s.shot(st, '04-station-place-form')
    await ev.waitForFunction((n) => (window as unknown as { stationEvents: number }).stationEvents > n, heard)
    // The EV's finder, open all along, shows the change (its device's own stream says nothing of station 2).
    await ev.getByTestId('finder-station-2').locator('h3', { hasText: 'Schwabing Nord Swap' }).waitFor()
    assert.match(await ev.getByTestId('finder-station-2').innerText(), /Mo-Su 05:00-23:30/)
  } catch (e) {
    await s.failed(e)
  }
})
