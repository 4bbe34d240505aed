import { strict as assert } from 'node:assert'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { isAddressEqual, parseEventLogs, toHex, type Address } from 'viem'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { chargeCall } from '../../src/sdk/calls/chargeCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getPassport, type PassportView } from '../../src/sdk/reads/getPassport.js'
import type { DynamicInfo } from '../../src/sdk/reads/types.js'
import type { ConditionReading, PassportInfo } from '../../src/sdk/passport/passportTypes.js'
import { startTestChain, testBattery, type TestChain } from '../helpers/chain.js'
import { buildSwapHistory, type Device, type SwapHistory } from '../helpers/indexHistory.js'
import { testIndex, testIndexEngine } from '../helpers/testIndex.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

// The operator dashboard's routes (src/rich/api/routes/statsRoutes.ts) on a real chain and index: three days
// of swaps (buildSwapHistory), then station 1 registers two batteries with passports and charges and
// discharges them. Each figure is checked against the chain itself: its logs, its block times, its reads.

const utcDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10)
const INFO: PassportInfo = { certifiedUsableEnergyWh: 60_000, ratedCapacityMAh: 160_000, expectedLifetimeCycles: 2500, exhaustionThresholdPermille: 700, chemistry: 'NMC811', nominalVoltageDecivolts: 3_750 }
const reading = (remainingEnergyWh: number): ConditionReading => ({
  remainingEnergyWh,
  remainingCapacityMAh: 150_000,
  energyThroughputWh: 1_000_000,
  deepDischargeEvents: 0,
  overchargeEvents: 0,
  overTemperatureEvents: 0,
  extremeTemperatureSeconds: 0,
})

describe(`dashboard stats routes on the index (${testIndexEngine})`, { timeout: 300_000 }, () => {
  let chain: TestChain
  let h: SwapHistory
  let st1: Device
  let server: StartStationServerReturnType
  /** Station 1's batteries registered with a passport: one reported at 93.3 % then 75 %, one at 85 %. */
  const passportIds: number[] = []

  const get = async (path: string) => {
    const res = await fetch(server.url + path)
    const text = await res.text()
    return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition'), text, body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Json) : null }
  }

  before(async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    h = await buildSwapHistory(chain)
    st1 = h.stations[0]!
    const d = chain.deployment
    // Direct transactions: buildSwapHistory moved the chain's clock days ahead of a forward request's deadline.
    for (const [brand, energy] of [['PPA', 56_000], ['PPB', 51_000]] as const) {
      const [r] = await chain.send(st1.wallet, [registerBatteryCall(d, { ...testBattery(brand), tag: toHex(randomBytes(32)), passport: { info: INFO, condition: reading(energy) } })])
      passportIds.push(parseEventLogs({ abi: batteryProcessAbi, logs: r!.logs, eventName: 'BatteryRegistered' })[0]!.args.batteryId)
    }
    // PPA is discharged to 15 % (a fee out) and reports a lower health: the last reading is the one that counts.
    await chain.send(st1.wallet, [dischargeCall(d, { batteryId: passportIds[0]!, energyWh: 9_000, socPermille: 150, duration: 600, condition: reading(45_000) })])
    // PPB is run down and charged back to 65 % (a charge must add energy): two more fees out, no new reading.
    await chain.send(st1.wallet, [dischargeCall(d, { batteryId: passportIds[1]!, energyWh: 20_000, socPermille: 300, duration: 600 })])
    const last = await chain.send(st1.wallet, [chargeCall(d, { batteryId: passportIds[1]!, energyWh: 40_000, socPermille: 650, duration: 600 })])
    server = await startStationServer({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(1),
      deployment: d,
      station: { id: 1, name: 'Station 1', url: 'http://station-1.test' },
      peers: [],
      nodeUrls: [chain.url],
      logger: false,
      relay: { batchIntervalMs: 100 },
      port: 0,
      handleSignals: false,
      index: await testIndex(),
    })
    while (server.index.head() < Number(last[0]!.blockNumber)) await new Promise((r) => server.index.events.once('head', r))
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_swapsByHour_eachDayOfTheHistory_24HoursCountedByOutcomeAsRequested', async () => {
    for (const station of h.stations) {
      for (const dayStart of h.dayStarts) {
        const r = await get(`/api/stats/swaps-by-hour?unit=${station.unit}&day=${utcDay(dayStart)}`)
        assert.equal(r.status, 200)
        const expected = Array.from({ length: 24 }, (_, hour) => ({ hour, requested: 0, approved: 0, denied: 0, cancelled: 0, pending: 0 }))
        for (const s of h.swaps.filter((x) => x.stationUnit === station.unit && x.requestedAt >= dayStart && x.requestedAt < dayStart + 86_400)) {
          const e = expected[Math.floor((s.requestedAt - dayStart) / 3600)]!
          e.requested += 1
          e[s.status.toLowerCase() as 'approved' | 'denied' | 'cancelled' | 'pending'] += 1
        }
        assert.deepEqual(r.body, expected, `${station.unit} on ${utcDay(dayStart)}`)
      }
    }
    // Station 1 on day 0 (buildSwapHistory): swap 1 approved, swap 3 cancelled, both in the hour from 01:00.
    const day0 = (await get(`/api/stats/swaps-by-hour?unit=${st1.unit}&day=${utcDay(h.dayStarts[0])}`)).body
    assert.deepEqual(day0[1], { hour: 1, requested: 2, approved: 1, denied: 0, cancelled: 1, pending: 0 })
    // An EV's own swaps: EV 3 asked for one on each day.
    const ev3 = h.evs[2]!
    const ev3Day2 = (await get(`/api/stats/swaps-by-hour?unit=${ev3.unit}&day=${utcDay(h.dayStarts[2])}`)).body
    assert.equal(ev3Day2.reduce((n: number, x: Json) => n + x.pending, 0), 1)
  })

  test('test_dayswapsAndCsv_aDaysSwapsWithTheirEvBatteriesAndAmountsInECoin', async () => {
    const dayStart = h.dayStarts[0]
    const mine = h.swaps.filter((s) => s.stationUnit === st1.unit && s.day === 0)
    const fee = 2_10n // buildSwapHistory's swap fee
    const r = await get(`/api/stats/day-swaps?unit=${st1.unit}&day=${utcDay(dayStart)}`)
    assert.equal(r.status, 200)
    assert.deepEqual(
      r.body,
      mine.map((s) => ({
        id: s.id,
        requestedAt: s.requestedAt,
        evUnit: s.evUnit,
        ev: `EV ${s.evUnit}`,
        stationUnit: st1.unit,
        evBatteryId: s.evBatteryId,
        stationBatteryId: s.stationBatteryId,
        status: s.status,
        difference: String(s.difference),
        fee: String(fee),
        amount: String(s.difference + fee),
      })),
    )
    assert.deepEqual(r.body.map((s: Json) => [s.ev, s.status]), [['EV 1', 'Approved'], ['EV 3', 'Cancelled']])

    const csv = await get(`/api/stats/swaps.csv?unit=${st1.unit}&day=${utcDay(dayStart)}`)
    assert.equal(csv.status, 200)
    assert.match(csv.type, /^text\/csv/)
    assert.equal(csv.disposition, `attachment; filename="station-1-swaps-${utcDay(dayStart)}.csv"`)
    const lines = csv.text.split('\r\n')
    assert.equal(lines.at(-1), '', 'the file ends with a line break')
    assert.equal(lines[0], 'swap,requested (UTC),EV,EV battery,station battery,outcome,difference (E-coin),fee (E-coin),amount (E-coin)')
    const eCoin = (c: bigint) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${((c < 0n ? -c : c) % 100n).toString().padStart(2, '0')}`
    assert.deepEqual(
      lines.slice(1, -1),
      mine.map((s) => [s.id, new Date(s.requestedAt * 1000).toISOString().slice(0, 19).replace('T', ' '), `EV ${s.evUnit}`, s.evBatteryId, s.stationBatteryId, s.status, eCoin(s.difference), '2.10', eCoin(s.difference + fee)].join(',')),
    )
    assert.match(lines[1]!, /^\d+,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,EV 1,\d+,\d+,Approved,-?\d+\.\d\d,2\.10,-?\d+\.\d\d$/)
    // A day without swaps: the header alone.
    assert.equal((await get(`/api/stats/swaps.csv?unit=${st1.unit}&day=2001-01-01`)).text.split('\r\n').length, 2)
  })

  test('test_ecoinByDay_stationAccount_inAndOutPerDayAndKind_asTheChainsTransfers', async () => {
    const from = utcDay(h.dayStarts[0] - 86_400)
    const to = utcDay(h.dayStarts[2] + 86_400)
    const r = await get(`/api/stats/ecoin-by-day?unit=${st1.unit}&from=${from}&to=${to}`)
    assert.equal(r.status, 200)
    // The chain's own Transfer logs of station 1's account, by the UTC day of their block.
    const logs = await chain.publicClient.getLogs({ address: chain.deployment.balanceProcess, event: balanceProcessAbi.find((x) => x.type === 'event' && x.name === 'Transfer') as never, fromBlock: 0n })
    const byDay = new Map<string, { in: bigint; out: bigint }>()
    const account: Address = st1.account.address
    for (const l of logs as unknown as { blockNumber: bigint; args: { from: Address; to: Address; value: bigint } }[]) {
      const day = utcDay(Number((await chain.publicClient.getBlock({ blockNumber: l.blockNumber })).timestamp))
      if (day < from || day > to) continue
      const t = byDay.get(day) ?? { in: 0n, out: 0n }
      if (isAddressEqual(l.args.to, account)) t.in += l.args.value
      if (isAddressEqual(l.args.from, account)) t.out += l.args.value
      byDay.set(day, t)
    }
    const totals = new Map<string, { in: bigint; out: bigint }>()
    for (const row of r.body) {
      const t = totals.get(row.day) ?? { in: 0n, out: 0n }
      t.in += BigInt(row.in)
      t.out += BigInt(row.out)
      totals.set(row.day, t)
    }
    assert.deepEqual([...totals].filter(([, t]) => t.in || t.out), [...byDay].filter(([, t]) => t.in || t.out).sort(([a], [b]) => (a < b ? -1 : 1)))
    // By kind: the settlements of swaps 1 (day 0) and 4 (day 1), which station 1 approved; its fees.
    const row = (day: number, kind: string) => r.body.find((x: Json) => x.day === utcDay(h.dayStarts[0] + day * 86_400) && x.kind === kind)
    const settled = (id: number) => h.swaps.find((s) => s.id === id)!.difference
    assert.ok(settled(1) > 0n && settled(4) > 0n, 'the EVs paid station 1 for charged batteries')
    assert.deepEqual(row(0, 'settlement'), { day: utcDay(h.dayStarts[0]), kind: 'settlement', in: String(settled(1)), out: '0' })
    assert.deepEqual(row(1, 'settlement'), { day: utcDay(h.dayStarts[1]), kind: 'settlement', in: String(settled(4)), out: '0' })
    // Day 2: the discharges of PPA and PPB (0.50 E-coin each) and the charge of PPB (0.30 E-coin).
    assert.deepEqual(row(2, 'fee'), { day: utcDay(h.dayStarts[2]), kind: 'fee', in: '0', out: '130' })
    // Default window: the 30 days up to today (wall clock); the history is in the chain's future.
    assert.equal((await get(`/api/stats/ecoin-by-day?unit=${st1.unit}`)).status, 200)
  })

  test('test_stockLevels_station1_bySocAndHealth_waitingToCharge_asTheChainReads', async () => {
    const r = await get(`/api/stats/stock-levels?unit=${st1.unit}`)
    assert.equal(r.status, 200)
    const count = await chain.publicClient.readContract({ address: chain.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'batteryCount' })
    const held: (DynamicInfo & { id: number; passport: PassportView })[] = []
    for (let id = 1; id <= count; id++) {
      const b = (await getBattery(chain.publicClient, chain.deployment, id))!
      if (b.dynamicInfo.holder === st1.unit && b.dynamicInfo.status !== 'Recycled') held.push({ id, ...b.dynamicInfo, passport: await getPassport(chain.publicClient, chain.deployment, id) })
    }
    assert.equal(r.body.total, held.length)
    const socCount = (lo: number, hi: number) => held.filter((b) => b.socPermille >= lo && b.socPermille < hi).length
    assert.deepEqual(
      r.body.soc.map((b: Json) => [b.label, b.count]),
      [['0–20 %', socCount(0, 200)], ['20–50 %', socCount(200, 500)], ['50–80 %', socCount(500, 800)], ['80–100 %', socCount(800, 1001)]],
    )
    // The contract's healthOf (getPassport) says the same as the index: PPA at 75 % after its discharge, PPB at 85 %.
    const soh = (id: number) => held.find((b) => b.id === id)!.passport.condition!.stateOfCertifiedEnergyPermille
    assert.deepEqual([soh(passportIds[0]!), soh(passportIds[1]!)], [750, 850])
    assert.deepEqual(
      r.body.soh.map((b: Json) => [b.label, b.count]),
      [['under 70 %', 0], ['70–80 %', 1], ['80–90 %', 1], ['90–100 %', 0], ['not reported', 0], ['no passport', held.length - 2]],
    )
    const waiting = held.filter((b) => b.status === 'InService' && b.socPermille < 800).sort((a, b) => a.socPermille - b.socPermille || a.id - b.id)
    assert.deepEqual(r.body.waiting, waiting.map((b) => ({ id: b.id, socPermille: b.socPermille, energyWh: b.energyWh })))
    assert.deepEqual(r.body.waiting.map((b: Json) => b.id).slice(0, 1), [passportIds[0]], 'PPA at 15 % comes first')
    assert.ok(r.body.waiting.some((b: Json) => b.id === passportIds[1]), 'PPB at 65 % waits too')
  })

  test('test_badQuery_400_aSentenceNamingTheField', async () => {
    const cases: [string, string][] = [
      [`/api/stats/swaps-by-hour?unit=${st1.unit}&day=2026-02-30`, 'day'],
      [`/api/stats/swaps-by-hour?unit=${st1.unit}&day=yesterday`, 'day'],
      ['/api/stats/swaps-by-hour?day=2026-02-03', 'unit'],
      [`/api/stats/swaps.csv?unit=${st1.unit}&day=2026-13-01`, 'day'],
      ['/api/stats/day-swaps?unit=-1', 'unit'],
      [`/api/stats/ecoin-by-day?unit=${st1.unit}&from=2026-03-02&to=2026-03-01`, 'from'],
      [`/api/stats/ecoin-by-day?unit=${st1.unit}&from=2020-03-02&to=2026-03-01`, 'from'],
      ['/api/stats/stock-levels', 'unit'],
    ]
    for (const [path, field] of cases) {
      const r = await get(path)
      assert.equal(r.status, 400, path)
      assert.equal(r.body.error.field, field, path)
      assert.match(r.body.error.message, new RegExp(`\\b${field}\\b`), path)
      assert.match(r.body.error.message, /^[a-z].*[^.]$|^[A-Z].*\.$/, 'a sentence')
    }
    const unknown = await get('/api/stats/ecoin-by-day?unit=2147483657')
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.error.message, 'station 9 is not registered on this network')
  })
})
