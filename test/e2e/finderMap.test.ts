// The finder's map in chromium, on a demo whose EV is configured with a tile server (`--map-tiles`): the
// stations and the EV are drawn where they are, named with their distance, and a station's marker brings its
// card into view. The tile server is a closed loopback port: no tile is fetched from anywhere.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { DESKTOP } from '../helpers/browser.js'
import { startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

const TILES = 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png'
let s: E2eSession

before(async () => {
  s = await startE2eSession('finder-map', { mapTiles: { url: TILES, attribution: 'test tiles' } })
})

after(() => s?.close())

test('finder map: the stations and the EV where they are, named with their distance; a marker shows its station', { timeout: 120_000 }, async () => {
  try {
    const ev = (await s.open(s.demo.urls.ev, DESKTOP)).page
    const map = ev.getByTestId('finder-map')
    await map.locator('.finder-map-station-2').waitFor()
    await map.locator('.finder-map-station-1').waitFor()
    await map.locator('.finder-map-ev').waitFor()
    // Named nearest first in the list, and with the same distances on the map.
    const tooltips = await map.locator('.leaflet-tooltip').allInnerTexts()
    assert.deepEqual(tooltips.filter((t) => t !== 'You').sort(), ['Marienplatz (station 1), 2.8 km', 'Schwabing Nord (station 2), 0.96 km'])
    // Tiles come from the configured template (the page asked the closed loopback port for them, nothing else).
    const tile = await map.locator('img.leaflet-tile').first().getAttribute('src')
    assert.match(tile!, /^http:\/\/127\.0\.0\.1:9\/tiles\/\d+\/\d+\/\d+\.png$/)
    assert.match(await map.locator('.leaflet-control-attribution').innerText(), /test tiles/)
    // Station 2 lies north-east of station 1 (Schwabing is north of Marienplatz): so it is drawn.
    const [one, two] = await Promise.all([map.locator('.finder-map-station-1').boundingBox(), map.locator('.finder-map-station-2').boundingBox()])
    assert.ok(two!.y < one!.y, 'station 2 is drawn north of station 1')
    await s.shot(ev, '01-finder-map')

    // A marker brings its station's card into view.
    await ev.getByTestId('finder-station-1').evaluate((el) => el.scrollIntoView({ block: 'end' }))
    await ev.evaluate(() => window.scrollTo(0, 0))
    await map.locator('.finder-map-station-1').click()
    await ev.waitForFunction(() => {
      const r = document.querySelector('[data-testid="finder-station-1"]')!.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= window.innerHeight
    })
  } catch (e) {
    await s.failed(e)
  }
})
