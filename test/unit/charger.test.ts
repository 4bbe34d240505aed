// The station's charger model (src/thin/charger): power sharing, the energy a time at a power brings, the
// speed-up, the readings sent every few model minutes, and the one counted charge at the end or at a stop.
// The clock is the test's own, so each assertion is exact; the agent's outbox is a recording stand-in.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sharePower } from '../../src/thin/charger/sharePower.js'
import { advanceSession } from '../../src/thin/charger/advanceSession.js'
import { acceptedPower } from '../../src/thin/charger/acceptedPower.js'
import { fullEnergyOf } from '../../src/thin/charger/fullEnergyOf.js'
import { createCharger, type ChargerOptions } from '../../src/thin/charger/createCharger.js'
import { checkBattery } from '../../src/thin/consistency/checkBattery.js'
import { readingOf } from '../../src/thin/consistency/Reading.js'
import type { DeviceBattery } from '../../src/thin/agent/DeviceBattery.js'
import type { BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { FIG6_RECORD } from '../helpers/fig6Battery.js'
import { staticHash } from '../../src/sdk/staticInfo.js'

test('sharePower: equal shares, each capped at its ask, the rest shared again', () => {
  assert.deepEqual(sharePower(100_000, [50_000, 50_000, 20_000]), [40_000, 40_000, 20_000])
  assert.deepEqual(sharePower(150_000, [50_000, 50_000]), [50_000, 50_000])
  assert.deepEqual(sharePower(60_000, [50_000, 50_000, 50_000]), [20_000, 20_000, 20_000])
  assert.deepEqual(sharePower(0, [50_000]), [0])
})

test('advanceSession: linear up to 80 %, slower after, never past full', () => {
  // 20 kWh battery at 5 kWh: 36 min at 10 kW brings 6 kWh.
  const p = advanceSession({ energyWh: 5000, fullWh: 20_000 }, 10_000, 36 * 60)
  assert.equal(p.energyWh, 11_000)
  assert.equal(p.socPermille, 550)
  assert.equal(p.powerW, 10_000)
  assert.equal(acceptedPower(10_000, 900), 5000, 'half the power halfway through the taper')
  const high = advanceSession({ energyWh: 16_000, fullWh: 20_000 }, 10_000, 12 * 60)
  assert.ok(high.energyWh < 18_000, `the taper slows the last 20 %: ${high.energyWh} Wh`)
  const full = advanceSession({ energyWh: 5000, fullWh: 20_000 }, 50_000, 10 * 3600)
  assert.equal(full.energyWh, 20_000)
  assert.equal(full.socPermille, 1000)
  assert.ok(full.full)
})

test('fullEnergyOf: the management system, else the passport, else the reading', () => {
  const b = FIG6_RECORD
  assert.equal(fullEnergyOf({ ...b, condition: null, passport: null, dynamicInfo: { ...b.dynamicInfo, energyWh: 5000, socPermille: 250 } }), 20_000)
  assert.equal(fullEnergyOf({ ...b, condition: null, passport: null, dynamicInfo: { ...b.dynamicInfo, energyWh: 0, socPermille: 0 } }), null)
})

/** A charger on a test clock over batteries held by unit 0x80000001, recording what it writes and sends. */
function rig(records: BatteryRecord[], o: Partial<ChargerOptions> = {}) {
  let t = 0
  const writes: { file: string; energyWh: number }[] = []
  const sent: { what: 'report' | 'charge'; batteryId: number; energyWh: number; socPermille: number; durationS?: number }[] = []
  const batteries: DeviceBattery[] = records.map((r) => ({
    folder: `/usb/${r.batteryId}`, file: `/usb/${r.batteryId}/battery information.json`, batteryId: r.batteryId, record: r, alerts: [],
    chain: { dynamicInfo: { holder: 0x80000001, status: 'InService' } } as DeviceBattery['chain'],
  }))
  const confirmed = { id: 'x', label: 'x', status: 'confirmed' as const, latencyMs: 0, events: [] }
  const charger = createCharger({
    ratingW: 50_000, limitW: 150_000, speedup: 60, tickMs: 3_600_000, reportEveryS: 300,
    batteries: () => batteries, unit: () => 0x80000001, isStation: () => true,
    write: (file, record) => void writes.push({ file, energyWh: record.dynamicInfo.energyWh }),
    report: async (batteryId, energyWh, socPermille) => (sent.push({ what: 'report', batteryId, energyWh, socPermille }), confirmed),
    finish: async (batteryId, energyWh, socPermille, durationS) => (sent.push({ what: 'charge', batteryId, energyWh, socPermille, durationS }), confirmed),
    settled: async () => {}, changed: () => {}, now: () => t, ...o,
  })
  return { charger, writes, sent, advance: (realMs: number) => ((t += realMs), charger.step()) }
}

const battery = (id: number, energyWh: number, socPermille: number): BatteryRecord => {
  const b = FIG6_RECORD
  return { ...b, batteryId: id, passport: null, condition: null, dynamicInfo: { ...b.dynamicInfo, energyWh, socPermille } }
}
const settle = () => new Promise((r) => setImmediate(r))

test('createCharger: the speed-up runs an hour in a minute; readings every 5 model minutes; stop counts one charge', async (t) => {
  const r = rig([battery(1, 5000, 250)])
  t.after(() => r.charger.close())
  r.charger.start(1, 10_000)
  r.advance(6_000) // 6 s at 60x: 6 model minutes at 10 kW, 1 kWh
  await settle()
  const s = r.charger.sessions()[0]!
  assert.equal(s.energyWh, 6000)
  assert.equal(s.elapsedS, 360)
  assert.equal(r.writes.at(-1)!.energyWh, 6000, "the battery's file rises with the charge")
  assert.deepEqual(r.sent, [{ what: 'report', batteryId: 1, energyWh: 6000, socPermille: 300 }], 'one reading after 5 model minutes')
  r.advance(1_000) // one more model minute: no new reading yet
  await settle()
  assert.equal(r.sent.length, 1)
  r.advance(5_000)
  await settle()
  assert.equal(r.sent.length, 2, 'the next reading 5 model minutes after the first')
  r.charger.stop(1)
  await settle()
  assert.deepEqual(r.sent.at(-1), { what: 'charge', batteryId: 1, energyWh: 7000, socPermille: 350, durationS: 720 })
  assert.equal(r.sent.filter((x) => x.what === 'charge').length, 1)
  assert.equal(r.charger.sessions()[0]!.state, 'done')
  assert.throws(() => r.charger.stop(1), /Battery 1 is not charging/)
})

test('createCharger: the station limit is shared equally; a charge that fills the battery ends by itself', async (t) => {
  const r = rig([battery(1, 5000, 250), battery(2, 5000, 250), battery(3, 19_900, 995)], { limitW: 60_000 })
  t.after(() => r.charger.close())
  r.charger.start(1)
  r.charger.start(2)
  r.advance(1_000)
  assert.deepEqual(r.charger.sessions().map((s) => s.powerW), [30_000, 30_000])
  r.charger.setLimit(40_000)
  r.advance(1_000)
  assert.deepEqual(r.charger.sessions().map((s) => s.powerW), [20_000, 20_000])
  assert.throws(() => r.charger.start(1), /Battery 1 is charging already/)
  assert.throws(() => r.charger.start(2, 60_000), /at most the charger's rating, 50 kW/)
  r.charger.start(3)
  r.advance(600_000) // 10 model hours: all full
  await settle()
  assert.deepEqual(r.charger.sessions().map((s) => [s.state, s.socPermille]), [['done', 1000], ['done', 1000], ['done', 1000]])
  assert.equal(r.sent.filter((x) => x.what === 'charge').length, 3, 'one counted charge each')
})

test("checkBattery: a file the charger wrote is no stale file, kept while charging, brought up to the chain after", () => {
  const file = battery(1, 9000, 450)
  const chain = { ...file.dynamicInfo, energyWh: 5000, socPermille: 250 }
  const view = { staticInfo: file.staticInfo, price: 0, dynamicInfo: { ...chain, owner: '0x00000000000000000000000000000000000000aa', holder: 1, status: 'InService' } }
  const chainView = { ...view, staticHash: staticHash(file.staticInfo) } as unknown as Parameters<typeof checkBattery>[1]
  assert.equal(checkBattery(file, chainView, 1).alerts[0]?.kind, 'stale_file', 'without the charger, the rise is unexplained')
  const start = readingOf(chain)
  // The charger has written on to 12 kWh since: a file read at 9 kWh, on the way, is still its own.
  const last = { ...start, energyWh: 12_000, socPermille: 600 }
  const during = checkBattery(file, chainView, 1, { charger: { from: start, to: last, inProgress: true } })
  assert.deepEqual(during, { alerts: [], changes: [] }, 'kept as it is while charging')
  const edited = checkBattery({ ...file, dynamicInfo: { ...file.dynamicInfo, chargingCount: file.dynamicInfo.chargingCount + 3 } }, chainView, 1, { charger: { from: start, to: last, inProgress: true } })
  assert.equal(edited.alerts[0]?.kind, 'stale_file', 'a count the charger never writes is still caught')
  const beyond = checkBattery({ ...file, dynamicInfo: { ...file.dynamicInfo, energyWh: 13_000 } }, chainView, 1, { charger: { from: start, to: last, inProgress: true } })
  assert.equal(beyond.alerts[0]?.kind, 'stale_file', 'energy past what the charger wrote is still caught')
  const after = checkBattery(file, chainView, 1, { charger: { from: start, to: last, inProgress: false } })
  assert.equal(after.alerts.length, 0)
  assert.equal(after.repair?.dynamicInfo.energyWh, 5000, 'after: rewritten from the chain')
})

test('createCharger: a charge the chain refuses is shown failed, and its file is left for the check to bring back', async (t) => {
  const refused = { id: 'x', label: 'x', status: 'failed' as const, latencyMs: 0, events: [], error: 'battery 1 is locked by a swap request' }
  const r = rig([battery(1, 5000, 250)], { finish: async () => refused })
  t.after(() => r.charger.close())
  r.charger.start(1)
  r.advance(1_000)
  r.charger.stop(1)
  await settle()
  const s = r.charger.sessions()[0]!
  assert.equal(s.state, 'failed')
  assert.match(s.problem!, /^The charge of battery 1 did not reach the chain: battery 1 is locked by a swap request\. /)
  const explained = r.charger.explains(1)!
  assert.equal(explained.inProgress, false, 'ended: the check brings the file back to the chain, no stale_file')
  assert.equal(explained.to.energyWh, s.energyWh)
})

test("createCharger: an EV's device charges nothing", () => {
  const r = rig([battery(1, 5000, 250)], { isStation: () => false })
  assert.throws(() => r.charger.start(1), /Only a station charges batteries/)
})
