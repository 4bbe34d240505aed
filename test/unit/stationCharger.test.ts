// The station's charger on real parts (issue 17 item 5): anvil, the demo's station 1 with its swap interface
// and USB files, driven through the device API as the GUI drives it. Two batteries charge at once within the
// station's power limit; each lands on chain once, with its final energy and the time it ran, after
// uncounted readings; the files rise with no alert on the way. A speed-up of 1200 runs 20 model minutes a second.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAbiItem } from 'viem'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { startDevice } from '../../src/thin/startDevice.js'
import { CHARGE_JOURNAL_FILE } from '../../src/thin/charger/openChargeJournal.js'
import { demoParts, httpJson, type DemoParts } from '../helpers/demoParts.js'
import { freePortRange } from '../helpers/freePort.js'
import { waitForState } from '../helpers/waitFor.js'

let demo: Demo
let dir: string
let parts: DemoParts

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-charger-'))
  const basePort = await freePortRange(5)
  demo = await startDemo({ dir, basePort, quiet: true, tls: false, charger: { ratingW: 50_000, limitW: 60_000, speedup: 1200, tickMs: 100, reportEveryS: 300 } })
  parts = demoParts(demo, dir, basePort)
})
after(async () => {
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const api = (path: string, body?: unknown) => httpJson(`${parts.station1}${path}`, { headers: { authorization: `Bearer ${parts.tokens.station1}` }, ...(body === undefined ? {} : { body }) })

test('two batteries charge within the station limit, each lands on chain once after uncounted readings, with no alert', { timeout: 120_000 }, async () => {
  const agent = demo.devices.station1.device.agent
  const d = agent.deployment()
  await waitForState(agent.events, () => agent.batteries().filter((b) => b.chain).length === 2, "station 1's two batteries registered")
  const ids = agent.batteries().map((b) => b.batteryId!)
  // The demo's batteries start full: drive them down to a quarter first.
  for (const id of ids) {
    const full = (await getBattery(parts.publicClient, d, id))!.dynamicInfo
    const r = await agent.operate(dischargeCall(d, { batteryId: id, energyWh: full.energyWh / 4, socPermille: 250, duration: 3600 }), { batteryId: id })
    assert.equal(r.status, 'confirmed', r.error)
  }
  await agent.drain()
  const before = new Map(await Promise.all(ids.map(async (id) => [id, (await getBattery(parts.publicClient, d, id))!.dynamicInfo] as const)))
  const fromBlock = await parts.publicClient.getBlockNumber()

  // Every alert the station's device shows meanwhile: a rising file must raise none.
  const alerts: string[] = []
  const watch = () => alerts.push(...agent.alerts().map((a) => `${a.kind}: ${a.message}`))
  agent.events.on('state', watch)
  try {
    const refused = await api('/api/device/charger/start', { batteryId: ids[0], powerW: 80_000 })
    assert.equal(refused.status, 409)
    assert.match(refused.body.error.message, /at most the charger's rating, 50 kW/)

    for (const id of ids) assert.equal((await api('/api/device/charger/start', { batteryId: id })).status, 200)
    const shared = await waitForState(agent.events, () => {
      const s = agent.charger.sessions()
      return s.length === 2 && s.every((x) => x.powerW > 0) && s
    }, 'both charging')
    assert.deepEqual(shared.map((s) => s.powerW), [30_000, 30_000], 'the 60 kW limit shared equally')
    assert.equal((await api('/api/device/charger/start', { batteryId: ids[0] })).body.error.message, `Battery ${ids[0]} is charging already: stop it first.`)

    // The first stopped once a reading of it reached the chain; the second runs until full.
    await waitForState(agent.events, async () => (await getBattery(parts.publicClient, d, ids[0]!))!.dynamicInfo.energyWh > before.get(ids[0]!)!.energyWh, 'a reading on chain')
    const midway = (await getBattery(parts.publicClient, d, ids[0]!))!.dynamicInfo
    assert.equal(midway.chargingCount, before.get(ids[0]!)!.chargingCount, 'a reading counts no charge')
    assert.equal((await api('/api/device/charger/stop', { batteryId: ids[0] })).status, 200)
    const ended = await waitForState(agent.events, () => {
      const s = agent.charger.sessions()
      return s.every((x) => x.state === 'done') && s
    }, 'both charges on chain', 90_000)
    assert.equal(ended.find((s) => s.batteryId === ids[1])!.socPermille, 1000, 'the second ran until full')
    await agent.drain()

    const readings = await parts.publicClient.getLogs({ address: d.batteryProcess, event: parseAbiItem('event BatteryCharging(uint32 indexed batteryId, uint32 energyWh, uint16 socPermille)'), fromBlock })
    const charges = await parts.publicClient.getLogs({ address: d.batteryProcess, event: parseAbiItem('event BatteryCharged(uint32 indexed batteryId, uint32 energyWh, uint16 socPermille, uint32 duration)'), fromBlock })
    for (const s of ended) {
      const was = before.get(s.batteryId)!
      const now = (await getBattery(parts.publicClient, d, s.batteryId))!.dynamicInfo
      assert.ok(readings.some((e) => e.args.batteryId === s.batteryId), `battery ${s.batteryId}: readings reached the chain`)
      assert.equal(charges.filter((e) => e.args.batteryId === s.batteryId).length, 1, `battery ${s.batteryId}: one charge`)
      assert.equal(now.chargingCount, was.chargingCount + 1)
      assert.equal(now.energyWh, s.energyWh)
      assert.equal(now.socPermille, s.socPermille)
      assert.equal(now.chargingTotalTime, was.chargingTotalTime + Math.round(s.elapsedS), 'the time it ran, in model seconds')
      const file = agent.batteries().find((b) => b.batteryId === s.batteryId)!
      const onDisk = readBatteryFile(file.file)
      assert.ok(onDisk.ok)
      assert.deepEqual([onDisk.battery.dynamicInfo.energyWh, onDisk.battery.dynamicInfo.chargingCount, onDisk.battery.dynamicInfo.chargingTotalTime], [now.energyWh, now.chargingCount, now.chargingTotalTime], 'the file ends equal to the chain')
    }
    assert.deepEqual(alerts, [], 'no alert while the files rose')
  } finally {
    agent.events.off('state', watch)
  }
})

test('a charge cut off by a restart of the station device: its file raises no alert, and the charge is counted on chain with the time it ran', { timeout: 120_000 }, async () => {
  const device = demo.devices.station1.device
  const d = device.agent.deployment()
  const id = device.agent.batteries()[0]!.batteryId!
  const full = (await getBattery(parts.publicClient, d, id))!.dynamicInfo
  const down = await device.agent.operate(dischargeCall(d, { batteryId: id, energyWh: Math.floor(full.energyWh / 2), socPermille: Math.floor(full.socPermille / 2), duration: 600 }), { batteryId: id })
  assert.equal(down.status, 'confirmed', down.error)
  await device.agent.drain()
  const before = (await getBattery(parts.publicClient, d, id))!.dynamicInfo
  assert.equal((await api('/api/device/charger/start', { batteryId: id, powerW: 10_000 })).status, 200)
  // Cut off once the file has risen: the charger wrote a reading the chain has not counted.
  const file = device.agent.batteries().find((b) => b.batteryId === id)!.file
  await waitForState(device.agent.events, () => {
    const r = readBatteryFile(file)
    return r.ok && r.battery.dynamicInfo.energyWh > before.energyWh
  }, 'the file rising')
  await device.stop()
  const cut = readBatteryFile(file)
  assert.ok(cut.ok && cut.battery.dynamicInfo.energyWh > before.energyWh)
  assert.equal(cut.battery.dynamicInfo.chargingCount, before.chargingCount, 'not counted yet')

  // The same device, started again on its folder (as after a power cut).
  const { station1: account } = await parts.keys()
  const again = await startDevice({ dir: join(dir, 'station1'), slots: [join(dir, 'station1', 'usb')], stations: [parts.station1], account, charger: { ratingW: 50_000, limitW: 60_000, speedup: 1200, tickMs: 100 } })
  try {
    const alerts: string[] = []
    const watch = () => alerts.push(...again.agent.alerts().map((a) => `${a.kind}: ${a.message}`))
    again.agent.events.on('state', watch)
    watch()
    const counted = await waitForState(again.agent.events, async () => {
      const now = (await getBattery(parts.publicClient, d, id))!.dynamicInfo
      return now.chargingCount === before.chargingCount + 1 && now
    }, 'the cut-off charge counted on chain')
    assert.equal(counted.energyWh, cut.battery.dynamicInfo.energyWh, 'where the battery says it is')
    assert.ok(counted.chargingTotalTime > before.chargingTotalTime, 'with the time it ran')
    await again.agent.drain()
    await waitForState(again.agent.events, () => {
      const r = readBatteryFile(file)
      return r.ok && r.battery.dynamicInfo.chargingCount === counted.chargingCount
    }, 'the file brought up to the chain')
    again.agent.events.off('state', watch)
    assert.deepEqual(alerts, [], 'no alert after the restart')
    assert.equal(existsSync(join(dir, 'station1', CHARGE_JOURNAL_FILE)), false, 'the journal is gone once the charge is counted')
  } finally {
    await again.stop()
  }
})
