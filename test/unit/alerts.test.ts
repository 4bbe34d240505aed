// Alerts that mean something (issue 13, point 1), on the whole demo: real anvil, stations, device agents,
// USB folders and the real USB watcher. 1. A soak of 300 ordinary operations raises no alert outside the
// window between a swap's approval and its USB moves, and only held_elsewhere for the two swapped batteries
// inside it. 2. Each real divergence is raised within 1 s of the file change, and ends within 1 s of its end.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { startDemo, type Demo, type DemoDevice } from '../../src/rich/startDemo.js'
import type { DeviceAgent } from '../../src/thin/agent/createDeviceAgent.js'
import type { Alert } from '../../src/thin/consistency/Alert.js'
import type { BatteryView } from '../../src/sdk/reads/types.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { chargeCall } from '../../src/sdk/calls/chargeCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { swapTermsOf } from '../../src/sdk/calls/swapTermsOf.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { freePortRange } from '../helpers/freePort.js'
import { httpJson } from '../helpers/demoParts.js'
import { waitForState } from '../helpers/waitFor.js'

let demo: Demo
let dir: string
let agents: Record<DemoDevice, DeviceAgent>

/** Every alert any agent ever showed, first seen when, and whether a swap's handover window was open then. */
type SeenAlert = { device: DemoDevice; alert: Alert; window: { swap: number; batteries: number[] } | undefined }
const seenAlerts: SeenAlert[] = []
let window: SeenAlert['window']

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-alerts-'))
  // anvil takes a fractional block time; 0.25 s blocks keep the soak to a couple of minutes.
  demo = await startDemo({ dir, basePort: await freePortRange(5), quiet: true, blockTime: 0.25 })
  agents = { ev: demo.devices.ev.agent, station1: demo.devices.station1.device.agent, station2: demo.devices.station2.device.agent }
  for (const [device, agent] of Object.entries(agents) as [DemoDevice, DeviceAgent][]) {
    const known = new Set<string>()
    // Every check ends with a 'state' event after it sets the alerts, so no alert escapes this.
    agent.events.on('state', () => {
      for (const alert of agent.alerts()) {
        const key = `${alert.kind}:${alert.folder}:${alert.since}`
        if (known.has(key)) continue
        known.add(key)
        seenAlerts.push({ device, alert, window })
      }
    })
  }
})
after(async () => {
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const chainOf = (agent: DeviceAgent, id: number) => agent.get<BatteryView & { dynamicInfo: { holder: number; status: string } }>(`/api/batteries/${id}`)
/** The batteries in a device's slots that it may operate on now: held by it on chain, in service. */
const usable = (agent: DeviceAgent) =>
  agent.batteries().filter((b) => b.batteryId !== null && b.chain?.dynamicInfo.holder === agent.identity().unit && b.chain.dynamicInfo.status === 'InService')

async function confirmed(agent: DeviceAgent, call: Parameters<DeviceAgent['operate']>[0], batteryId?: number) {
  const r = await agent.operate(call, batteryId === undefined ? {} : { batteryId })
  assert.equal(r.status, 'confirmed', `${call.label} ${batteryId ?? ''}: ${r.error}`)
  return r
}

async function discharge(agent: DeviceAgent, id: number) {
  const c = (await chainOf(agent, id)).dynamicInfo
  await confirmed(agent, dischargeCall(agent.deployment(), { batteryId: id, energyWh: Math.max(0, c.energyWh - 100), socPermille: Math.max(0, c.socPermille - 2), duration: 300 }), id)
}

async function charge(agent: DeviceAgent, id: number) {
  const c = (await chainOf(agent, id)).dynamicInfo
  await confirmed(agent, chargeCall(agent.deployment(), { batteryId: id, energyWh: c.energyWh + 150, socPermille: Math.min(1000, c.socPermille + 3), duration: 600 }), id)
}

/** The EV's battery for one of the station's: request (EV), approve (station), then both USB disks move. */
async function swap(station: 'station1' | 'station2', n: number) {
  const ev = agents.ev
  const st = agents[station]
  const [mine] = usable(ev)
  const [theirs] = usable(st)
  assert.ok(mine && theirs, `swap ${n}: a battery on each side`)
  const quote = await ev.get<{ cost: string }>(`/api/quote?ev=${mine.batteryId}&station=${theirs.batteryId}`)
  const requested = await confirmed(ev, requestSwapCall(ev.deployment(), { evBatteryId: mine.batteryId!, stationBatteryId: theirs.batteryId!, maxCost: BigInt(quote.cost) }), mine.batteryId!)
  const terms = swapTermsOf(requested.events.find((e) => e.event === 'SwapRequested')!.args)
  const swapId = terms.swapId
  window = { swap: swapId, batteries: [mine.batteryId!, theirs.batteryId!] }
  try {
    await confirmed(st, approveSwapCall(st.deployment(), terms))
    // As a person would: the disks move once both sides say so (and so the window's alert is always seen).
    const says = (agent: DeviceAgent, id: number) => () => agent.alerts().some((a) => a.kind === 'held_elsewhere' && a.batteryId === id)
    await Promise.all([
      waitForState(ev.events, says(ev, mine.batteryId!), `the EV's held_elsewhere for battery ${mine.batteryId}`),
      waitForState(st.events, says(st, theirs.batteryId!), `${station}'s held_elsewhere for battery ${theirs.batteryId}`),
    ])
    await demo.moveUsb(basename(mine.folder), 'ev', station)
    await demo.moveUsb(basename(theirs.folder), station, 'ev')
  } finally {
    window = undefined
  }
}

test('test_soak_300OrdinaryOperations_raiseNoAlert_outsideASwapsHandover', { timeout: 10 * 60_000 }, async (t) => {
  // Swaps settle price differences of hundreds of E-coin each way: enough E-coin for 20 of them on every side.
  const sup = demo.devices.super.agent
  for (const agent of Object.values(agents)) await confirmed(sup, grantECoinCall(sup.deployment(), { to: agent.address, amount: 100_000_00n }))
  const t0 = performance.now()
  let operations = 0
  const other = { station1: 'station2', station2: 'station1' } as const
  for (let round = 0; operations < 300; round++) {
    const lanes: Promise<void>[] = []
    if (round % 5 === 4) {
      // A swap round: the EV and one station swap (2 operations and 2 USB moves) while the other station charges.
      const station = round % 10 === 4 ? 'station1' : 'station2'
      lanes.push(swap(station, round))
      const [b] = usable(agents[other[station]])
      lanes.push(charge(agents[other[station]], b!.batteryId!))
      operations += 3
    } else {
      const [e] = usable(agents.ev)
      lanes.push(discharge(agents.ev, e!.batteryId!))
      for (const station of ['station1', 'station2'] as const) {
        // Alternate charges and discharges at the stations too, so their batteries neither run out nor overflow.
        const list = usable(agents[station])
        const b = list[round % list.length]!
        lanes.push(round % 3 === 0 ? discharge(agents[station], b.batteryId!) : charge(agents[station], b.batteryId!))
      }
      operations += 3
    }
    await Promise.all(lanes)
  }
  await Promise.all(Object.values(agents).map((a) => a.drain()))
  const seconds = (performance.now() - t0) / 1000
  t.diagnostic(`${operations} operations (20 swaps with their USB moves) in ${seconds.toFixed(1)} s; ${seenAlerts.length} alerts seen`)
  console.log(`soak: ${operations} operations in ${seconds.toFixed(1)} s`)

  const describe = (s: SeenAlert) => `${s.device} ${s.alert.kind} ${s.alert.message}`
  const outside = seenAlerts.filter((s) => !s.window)
  assert.deepEqual(outside.map(describe), [], 'no alert outside a swap handover window')
  const wrong = seenAlerts.filter((s) => s.window && (s.alert.kind !== 'held_elsewhere' || !s.window.batteries.includes(s.alert.batteryId!)))
  assert.deepEqual(wrong.map(describe), [], 'inside a window, only held_elsewhere for the two swapped batteries')
  assert.ok(seenAlerts.length >= 40, `every handover raised held_elsewhere on both sides (saw ${seenAlerts.length})`)
  for (const agent of Object.values(agents)) assert.deepEqual(agent.alerts(), [])

  // The files did follow the chain, and the device says so as a file update, not an alert.
  for (const agent of Object.values(agents)) {
    for (const b of agent.batteries()) {
      const file = readBatteryFile(b.file)
      assert.ok(file.ok)
      const chain = (await chainOf(agent, b.batteryId!)).dynamicInfo
      assert.equal(file.battery.dynamicInfo.energyWh, chain.energyWh, `battery ${b.batteryId}'s file holds the chain's energy`)
      assert.equal(file.battery.dynamicInfo.chargingCount, chain.chargingCount)
      assert.equal(file.battery.dynamicInfo.dischargingCount, chain.dischargingCount)
    }
  }
  // The last round may have been a swap, whose battery arrived with a file equal to the chain: one more
  // discharge, so the EV's own operation is what the file update shows.
  const [last] = usable(agents.ev)
  await discharge(agents.ev, last!.batteryId!)
  await agents.ev.drain()
  const evBattery = agents.ev.batteries().find((b) => b.batteryId === last!.batteryId)!
  assert.equal(evBattery.lastFileUpdate?.reason, 'chain')
  assert.match(evBattery.lastFileUpdate!.message, /^battery \d+'s file was updated from the chain: .*discharging count \d+ -> \d+/)
})

// ------------------------------------------------------------------ each divergence, within 1 s

const LIMIT_MS = 1000
const evUsb = () => join(demo.dirs.ev, 'usb')

/** Runs `change` and measures until the EV's alerts satisfy `holds`, from the real watcher's check. */
async function within(what: string, change: () => void | Promise<unknown>, holds: (alerts: Alert[]) => boolean): Promise<number> {
  const ev = agents.ev
  const t0 = performance.now()
  await change()
  await waitForState(ev.events, () => holds(ev.alerts()), what, 10_000)
  const ms = performance.now() - t0
  assert.ok(ms < LIMIT_MS, `${what} took ${ms.toFixed(0)} ms (limit ${LIMIT_MS})`)
  return ms
}
const has = (kind: Alert['kind'], folderEnd: string) => (alerts: Alert[]) => alerts.some((a) => a.kind === kind && a.folder.endsWith(folderEnd))
const none = (alerts: Alert[]) => alerts.length === 0

test('test_divergences_eachRaisedWithin1s_andEachEndsWithin1s', { timeout: 5 * 60_000 }, async (t) => {
  const ev = agents.ev
  await ev.drain()
  assert.deepEqual(ev.alerts(), [])
  const [battery] = ev.batteries()
  const folder = basename(battery!.folder)
  const id = battery!.batteryId!
  const path = battery!.file
  const original = readFileSync(path, 'utf8')
  const originalRecord = readBatteryFile(path) // in sync with the chain: the agent has drained
  const edited = (edit: (json: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any -- a Fig. 6 object, edited field by field
    const json = JSON.parse(original)
    edit(json)
    return JSON.stringify(json, null, 2)
  }
  const times: Record<string, number> = {}
  const restore = () => writeFileSync(path, original)

  // Static tamper: the brand in the file changed.
  times['static raised'] = await within('static_mismatch', () => writeFileSync(path, edited((j) => (j.staticInfo.brand = 'FAKE'))), has('static_mismatch', folder))
  const staticAlert = ev.alerts().find((a) => a.kind === 'static_mismatch')!
  assert.match(staticAlert.message, new RegExp(`battery ${id}: .*brand: file "FAKE", chain "`))
  times['static ended'] = await within('static_mismatch to end', restore, none)

  // Stale dynamic info the device cannot explain: the energy edited. Not rewritten; restoring the file ends it.
  const energy = Number(JSON.parse(original).dynamicInfo.energy)
  times['stale raised'] = await within('stale_file', () => writeFileSync(path, edited((j) => (j.dynamicInfo.energy = energy + 5))), has('stale_file', folder))
  const stale = ev.alerts().find((a) => a.kind === 'stale_file')!
  assert.equal(stale.batteryId, id)
  assert.match(stale.message, new RegExp(`battery ${id}: .*energy: file ${energy + 5} kWh, chain ${energy} kWh.*/api/device/batteries/${id}/repair`))
  await ev.check()
  assert.equal(Number(JSON.parse(readFileSync(path, 'utf8')).dynamicInfo.energy), energy + 5, 'an unexplained file is not rewritten')
  assert.ok(ev.alerts().some((a) => a.kind === 'stale_file'), 'and the alert stands while the divergence does')
  times['stale ended (file restored)'] = await within('stale_file to end when the file is restored', restore, none)

  // The same, ended by the repair route: the device rewrites the file from the chain.
  await within('stale_file again', () => writeFileSync(path, edited((j) => (j.dynamicInfo.SOC = 1))), has('stale_file', folder))
  const api = demo.urls.ev.split('#')[0]!.replace(/\/+$/, '')
  let answer: Awaited<ReturnType<typeof httpJson>> | undefined
  times['stale ended (repair route)'] = await within('stale_file to end by the repair route', async () => {
    answer = await httpJson(`${api}/api/device/batteries/${id}/repair`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${demo.devices.ev.token}` } })
  }, none)
  assert.equal(answer!.status, 200, answer!.text)
  assert.equal(answer!.body.lastFileUpdate.reason, 'user')
  assert.deepEqual(answer!.body.lastFileUpdate.changes.map((c: { label: string }) => c.label), ['SOC'])
  const rewritten = readBatteryFile(path)
  assert.ok(rewritten.ok && originalRecord.ok)
  assert.deepEqual(rewritten.battery.dynamicInfo, originalRecord.battery.dynamicInfo, 'the file holds the chain again')
  const unknownId = await httpJson(`${api}/api/device/batteries/9999/repair`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${demo.devices.ev.token}` } })
  assert.equal(unknownId.status, 404)
  assert.match(unknownId.body.error.message, /battery 9999 is not in this device's USB slots/)

  // A corrupt file (not JSON), then the file back.
  times['corrupt raised'] = await within('invalid_file', () => writeFileSync(path, '{ "batteryID": 1, oops'), has('invalid_file', folder))
  assert.match(ev.alerts()[0]!.message, new RegExp(`the battery file in .*${folder} cannot be read as a battery`))
  times['corrupt ended'] = await within('invalid_file to end', restore, none)

  // A missing file: an empty folder moved into the slots, then out again.
  const outside = join(dir, 'bench')
  mkdirSync(join(outside, 'EMPTY-1'), { recursive: true })
  times['missing raised'] = await within('missing_file', () => renameSync(join(outside, 'EMPTY-1'), join(evUsb(), 'EMPTY-1')), has('missing_file', 'EMPTY-1'))
  assert.match(ev.alerts()[0]!.message, /EMPTY-1 holds no "battery information.json"/)
  times['missing ended'] = await within('missing_file to end', () => renameSync(join(evUsb(), 'EMPTY-1'), join(outside, 'EMPTY-1')), none)

  // An unknown battery: a disk whose batteryID is on no chain moved in, then out.
  mkdirSync(join(outside, 'FAKE-1'))
  writeFileSync(join(outside, 'FAKE-1', BATTERY_FILE_NAME), edited((j) => (j.batteryID = 4000)))
  times['unknown raised'] = await within('unknown_battery', () => renameSync(join(outside, 'FAKE-1'), join(evUsb(), 'FAKE-1')), has('unknown_battery', 'FAKE-1'))
  assert.match(ev.alerts()[0]!.message, /battery 4000 is not known to the chain/)
  times['unknown ended'] = await within('unknown_battery to end', () => renameSync(join(evUsb(), 'FAKE-1'), join(outside, 'FAKE-1')), none)

  // Held elsewhere: from the approval to the alert, then the USB disks moved by hand (the watcher alone).
  const st = agents.station1
  const [theirs] = usable(st)
  const quote = await ev.get<{ cost: string }>(`/api/quote?ev=${id}&station=${theirs!.batteryId}`)
  const requested = await confirmed(ev, requestSwapCall(ev.deployment(), { evBatteryId: id, stationBatteryId: theirs!.batteryId!, maxCost: BigInt(quote.cost) }), id)
  const terms = swapTermsOf(requested.events.find((e) => e.event === 'SwapRequested')!.args)
  // The divergence starts with the approval's block: measured from when the station's relay says it ran.
  await confirmed(st, approveSwapCall(st.deployment(), terms))
  times['held raised'] = await within('held_elsewhere', () => {}, has('held_elsewhere', folder))
  assert.match(ev.alerts()[0]!.message, new RegExp(`battery ${id} sits at station 1 on chain, not at EV 1: move its USB disk there`))
  const stUsb = join(demo.dirs.station1, 'usb')
  const theirFolder = basename(theirs!.folder)
  // The EV's own disk goes first: the station's, still in its slot, is the EV's on chain but not here yet.
  times['held ended'] = await within('held_elsewhere to end', () => {
    renameSync(join(evUsb(), folder), join(stUsb, folder))
    renameSync(join(stUsb, theirFolder), join(evUsb(), theirFolder))
  }, (alerts) => none(alerts) && ev.batteries().some((b) => b.batteryId === theirs!.batteryId))
  await waitForState(st.events, () => st.alerts().length === 0, "the station's alert to end too", LIMIT_MS)

  t.diagnostic(Object.entries(times).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(', '))
})
