import { strict as assert } from 'node:assert'
import { describe, test } from 'node:test'
import { distanceKm } from '../../src/web/src/ev/finder/distanceKm.js'
import { openNow } from '../../src/web/src/ev/finder/openNow.js'
import { sortByDistance } from '../../src/web/src/ev/finder/sortByDistance.js'
import type { StationInfo } from '../../src/web/src/shared/types.js'

const station = (stationId: number, at: [number, number] | null): StationInfo => ({
  unit: 0x80000000 + stationId,
  stationId,
  account: '0x0000000000000000000000000000000000000001',
  place: at && { name: `S${stationId}`, latitude: at[0], longitude: at[1], address: '', openingHours: '', formats: [] },
  batteries: [],
  slots: [],
})

describe("the EV finder's arithmetic", () => {
  test('distanceKm matches known great-circle distances', () => {
    // Paris (48.8566, 2.3522) to London (51.5074, -0.1278): 343.5 km on the 6371 km sphere.
    assert.ok(Math.abs(distanceKm({ latitude: 48.8566, longitude: 2.3522 }, { latitude: 51.5074, longitude: -0.1278 }) - 343.5) < 0.5)
    assert.equal(distanceKm({ latitude: 10, longitude: 20 }, { latitude: 10, longitude: 20 }), 0)
    // Antipodes: half the circumference, without NaN from rounding past 1.
    assert.ok(Math.abs(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }) - Math.PI * 6371.0088) < 1e-6)
  })

  test('sortByDistance puts the nearest first, unplaced stations last by number', () => {
    const list = [station(4, null), station(1, [48.137154, 11.576124]), station(3, null), station(2, [48.1703, 11.5866])]
    assert.deepEqual(sortByDistance(list, { latitude: 48.1617, longitude: 11.5863 }).map((n) => n.station.stationId), [2, 1, 3, 4])
    assert.deepEqual(sortByDistance(list, { latitude: 48.137154, longitude: 11.576124 }).map((n) => n.station.stationId), [1, 2, 3, 4])
    // Without a position: by number, no distances.
    const none = sortByDistance(list, null)
    assert.deepEqual(none.map((n) => [n.station.stationId, n.km]), [[1, null], [2, null], [3, null], [4, null]])
  })

  test('openNow reads the common opening_hours subset and refuses the rest', () => {
    const fri = (h: number, m = 0) => new Date(2026, 11, 4, h, m) // Friday 4 December 2026, local time
    const sun = (h: number) => new Date(2026, 11, 6, h)
    const sat = (h: number) => new Date(2026, 11, 5, h)
    assert.equal(openNow('24/7', sun(3)), true)
    assert.equal(openNow('Mo-Fr 07:00-22:00', fri(6, 59)), false)
    assert.equal(openNow('Mo-Fr 07:00-22:00', fri(7)), true)
    assert.equal(openNow('Mo-Fr 07:00-22:00', fri(22)), false)
    assert.equal(openNow('Mo-Fr 07:00-22:00', sun(12)), false)
    assert.equal(openNow('Mo-Fr 07:00-22:00; Sa 08:00-12:00, 14:00-20:00', sat(13)), false)
    assert.equal(openNow('Mo-Fr 07:00-22:00; Sa 08:00-12:00, 14:00-20:00', sat(15)), true)
    // Past midnight belongs to the day it starts: Friday 20:00-02:00 is open early Saturday.
    assert.equal(openNow('Fr 20:00-02:00', sat(1)), true)
    assert.equal(openNow('Fr 20:00-02:00', sat(2)), false)
    // Wrapping day ranges, and a later rule replacing an earlier one.
    assert.equal(openNow('Sa-Mo 10:00-18:00', sun(11)), true)
    assert.equal(openNow('Mo-Su 06:00-23:00; Su off', sun(11)), false)
    for (const other of ['sunrise-sunset', 'Mo-Fr 7-22', 'PH off', 'Xx 10:00-11:00', '']) assert.equal(openNow(other, fri(12)), null, other)
  })
})
