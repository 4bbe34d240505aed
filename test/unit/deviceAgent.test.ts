// The rich-thin link end to end on real parts: anvil, the station relay and API, device agents on real
// USB folders (paper 3.3: initialization, consistency checking, charging and discharging, swapping).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import { demoParts, httpJson } from '../helpers/demoParts.js'
import { freePortRange } from '../helpers/freePort.js'
import { startCuttableProxy } from '../helpers/startCuttableProxy.js'
import { createDeviceAgent } from '../../src/thin/agent/createDeviceAgent.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { waitForState } from '../helpers/waitFor.js'

let demo: Demo
let dir: string
let basePort: number
const file = (device: 'ev' | 'station1' | 'station2', folder: string) => join(dir, device, 'usb', folder, BATTERY_FILE_NAME)
const batteryOf = (device: 'ev' | 'station1' | 'station2', folder: string) => {
  const r = readBatteryFile(file(device, folder))
  assert.ok(r.ok, `${folder} should be a valid battery file`)
  return r.battery
}
const alertKinds = (agent: Demo['devices']['ev']['agent'], folderEnd: string) =>
  agent.alerts().filter((a) => a.folder.endsWith(folderEnd)).map((a) => a.kind)

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-agent-'))
  basePort = await freePortRange(5)
  demo = await startDemo({ dir, basePort, quiet: true })
})
after(async () => {
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('initialization registers every battery found and writes the id back into its file', async () => {
  const ids = [batteryOf('ev', 'TOY-1'), batteryOf('station1', 'SUM-1'), batteryOf('station1', 'BYD-1'), batteryOf('station2', 'CATL-1')].map((b) => b.batteryId)
  for (const id of ids) assert.ok(Number.isInteger(id) && id! > 0, `id ${id} written back`)
  assert.equal(new Set(ids).size, 4, 'ids are unique')
  const ev = demo.devices.ev.agent
  assert.equal(batteryOf('ev', 'TOY-1').ownerAddress, ev.address.toLowerCase())
  assert.deepEqual(ev.alerts(), [])
})

test('a discharge changes the chain and then the file', async () => {
  const ev = demo.devices.ev.agent
  const before = batteryOf('ev', 'TOY-1')
  const id = before.batteryId!
  const r = await ev.operate(
    (await import('../../src/sdk/calls/dischargeCall.js')).dischargeCall(ev.deployment(), {
      batteryId: id,
      energyWh: before.dynamicInfo.energyWh - 500,
      socPermille: before.dynamicInfo.socPermille - 10,
      duration: 600,
    }),
    { batteryId: id },
  )
  assert.equal(r.status, 'confirmed', r.error)
  assert.ok(r.latencyMs > 0)
  // The relay told the outcome first; the proofs came after.
  assert.ok(r.includedMs !== undefined && r.includedMs > 0 && r.includedMs <= r.latencyMs, `included ${r.includedMs} ms, proven ${r.latencyMs} ms`)
  const chain = await ev.get<{ dynamicInfo: { dischargingCount: number; energyWh: number } }>(`/api/batteries/${id}`)
  assert.equal(chain.dynamicInfo.dischargingCount, before.dynamicInfo.dischargingCount + 1)
  const after = await waitForState(ev.events, () => {
    const b = batteryOf('ev', 'TOY-1')
    return b.dynamicInfo.dischargingCount === before.dynamicInfo.dischargingCount + 1 && b
  }, 'the file to follow the chain')
  assert.equal(after.dynamicInfo.energyWh, before.dynamicInfo.energyWh - 500)
  assert.equal(after.dynamicInfo.dischargingTotalTime, before.dynamicInfo.dischargingTotalTime + 600)
})

test('static info changed in the file raises static_mismatch, and restoring it clears the alert', async () => {
  const ev = demo.devices.ev.agent
  const path = file('ev', 'TOY-1')
  const original = readFileSync(path, 'utf8')
  const tampered = JSON.parse(original)
  tampered.staticInfo.manufacturePrice = 99999
  writeFileSync(path, JSON.stringify(tampered))
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'TOY-1'), ['static_mismatch'])
  writeFileSync(path, original)
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'TOY-1'), [])
})

test('a battery unknown to the chain raises unknown_battery until it is removed', async () => {
  const ev = demo.devices.ev.agent
  const fake = join(dir, 'ev', 'usb', 'FAKE-1')
  mkdirSync(fake)
  const b = JSON.parse(readFileSync(file('ev', 'TOY-1'), 'utf8'))
  b.batteryID = 4000
  writeFileSync(join(fake, BATTERY_FILE_NAME), JSON.stringify(b))
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'FAKE-1'), ['unknown_battery'])
  rmSync(fake, { recursive: true })
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'FAKE-1'), [])
})

test('a broken file raises invalid_file naming the field, and fixing it clears the alert', async () => {
  const ev = demo.devices.ev.agent
  const bad = join(dir, 'ev', 'usb', 'BAD-1')
  mkdirSync(bad)
  const b = JSON.parse(readFileSync(file('ev', 'TOY-1'), 'utf8'))
  b.dynamicInfo.SOC = 130
  writeFileSync(join(bad, BATTERY_FILE_NAME), JSON.stringify(b))
  await ev.check()
  const alert = ev.alerts().find((a) => a.folder.endsWith('BAD-1'))
  assert.equal(alert?.kind, 'invalid_file')
  assert.match(alert!.message, /SOC/)
  rmSync(bad, { recursive: true })
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'BAD-1'), [])
})

test('dynamic info the device did not see change is a stale_file alert, left in the file until it is restored', async () => {
  // The file says one discharge fewer than the chain, and this device never synced that: an old copy.
  const ev = demo.devices.ev.agent
  const path = file('ev', 'TOY-1')
  const current = readFileSync(path, 'utf8')
  const count = Number(JSON.parse(current).dynamicInfo.dischargingCount)
  const stale = JSON.parse(current)
  stale.dynamicInfo.dischargingCount = count - 1
  writeFileSync(path, JSON.stringify(stale))
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'TOY-1'), ['stale_file'])
  const alert = ev.alerts().find((a) => a.kind === 'stale_file')!
  assert.match(alert.message, new RegExp(`discharging count: file ${count - 1}, chain ${count}`))
  assert.equal(batteryOf('ev', 'TOY-1').dynamicInfo.dischargingCount, count - 1, 'not rewritten: the device cannot explain it')
  writeFileSync(path, current)
  await ev.check()
  assert.deepEqual(alertKinds(ev, 'TOY-1'), [])
})

test('an approved swap raises held_elsewhere on both devices until the USB disks are exchanged', async () => {
  const ev = demo.devices.ev.agent
  const st = demo.devices.station1.device.agent
  const toy = batteryOf('ev', 'TOY-1').batteryId!
  const byd = batteryOf('station1', 'BYD-1').batteryId!
  const { requestSwapCall } = await import('../../src/sdk/calls/requestSwapCall.js')
  const { approveSwapCall } = await import('../../src/sdk/calls/approveSwapCall.js')
  const quote = await ev.get<{ cost: string }>(`/api/quote?ev=${toy}&station=${byd}`)
  const balanceBefore = (await ev.get<{ balance: string }>(`/api/accounts/${ev.address}`)).balance
  const req = await ev.operate(requestSwapCall(ev.deployment(), { evBatteryId: toy, stationBatteryId: byd, maxCost: BigInt(quote.cost) }), { batteryId: toy })
  assert.equal(req.status, 'confirmed', req.error)
  const { swapTermsOf } = await import('../../src/sdk/calls/swapTermsOf.js')
  const terms = swapTermsOf(req.events.find((e) => e.event === 'SwapRequested')!.args)
  const swapId = terms.swapId
  assert.ok(swapId > 0)
  const ok = await st.operate(approveSwapCall(st.deployment(), terms))
  assert.equal(ok.status, 'confirmed', ok.error)

  await waitForState(ev.events, () => alertKinds(ev, 'TOY-1').includes('held_elsewhere'), 'EV alert')
  await waitForState(st.events, () => alertKinds(st, 'BYD-1').includes('held_elsewhere'), 'station alert')
  const balanceAfter = (await ev.get<{ balance: string }>(`/api/accounts/${ev.address}`)).balance
  assert.equal(BigInt(balanceBefore) - BigInt(balanceAfter), BigInt(quote.cost))

  await demo.moveUsb('TOY-1', 'ev', 'station1')
  await demo.moveUsb('BYD-1', 'station1', 'ev')
  assert.deepEqual(ev.alerts(), [])
  assert.deepEqual(st.alerts(), [])
  assert.equal(batteryOf('ev', 'BYD-1').ownerAddress, ev.address.toLowerCase())
  assert.equal(batteryOf('station1', 'TOY-1').ownerAddress, st.address.toLowerCase())
})

test("the device's event stream follows the batteries in its slots: another holder of its key discharging the battery it swapped in updates its file", async () => {
  // After the swap above, BYD-1 sits in the EV's slots: the EV reopened its stream with BYD-1 in the filter.
  const ev = demo.devices.ev.agent
  const before = batteryOf('ev', 'BYD-1')
  const id = before.batteryId!
  // Signed with the EV's key but sent by someone else: the EV's agent learns of it only from the stream.
  const parts = demoParts(demo, dir, basePort)
  const { ev: key } = await parts.keys()
  const { nonce } = (await httpJson(`${parts.station1}/api/nonce/${key.address}`)).body as { nonce: string }
  const call = dischargeCall(ev.deployment(), { batteryId: id, energyWh: before.dynamicInfo.energyWh - 100, socPermille: before.dynamicInfo.socPermille - 1, duration: 60 })
  const signed = await signForwardRequest({ account: key, deployment: ev.deployment(), call, nonce: BigInt(nonce), deadline: Math.floor(Date.now() / 1000) + 600 })
  const sent = await httpJson(`${parts.station1}/api/relay`, { body: JSON.stringify(signed, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) })
  assert.equal(sent.status, 202, sent.text)
  await waitForState(ev.events, () => batteryOf('ev', 'BYD-1').dynamicInfo.dischargingCount === before.dynamicInfo.dischargingCount + 1, "the EV's file to follow a discharge it did not send")
})

test('events missed while the link to the station is down are made up from the chain once the stream is back', async () => {
  const station = demoParts(demo, dir, basePort).station1
  const proxy = await startCuttableProxy(station)
  const account = privateKeyToAccount(generatePrivateKey())
  const sup = demo.devices.super.agent
  assert.equal((await sup.operate(registerEVOwnerCall(sup.deployment(), { account: account.address, evId: 4242 }))).status, 'confirmed')
  const deviceDir = join(dir, 'cut-ev')
  const slot = join(deviceDir, 'usb')
  mkdirSync(join(slot, 'NIO-1'), { recursive: true })
  const path = join(slot, 'NIO-1', BATTERY_FILE_NAME)
  writeBatteryFile(path, demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
  // The demo's stations are HTTPS: through the proxy too, the device checks the certificate against the demo CA.
  const trust = { ca: { pem: demo.tls.caPem, label: 'the demo CA' }, pins: [] }
  const agent = await createDeviceAgent({ dir: deviceDir, slots: [slot], stations: [proxy.url.replace('http:', 'https:')], trust, account })
  try {
    await agent.start()
    await agent.drain()
    const before = await waitForState(agent.events, () => {
      const r = readBatteryFile(path)
      return r.ok && r.battery.batteryId !== null && r.battery
    }, 'the battery registered')

    proxy.cut()
    // While the device hears nothing, its battery is discharged (by another holder of its key).
    const { nonce } = (await httpJson(`${station}/api/nonce/${account.address}`)).body as { nonce: string }
    const call = dischargeCall(agent.deployment(), { batteryId: before.batteryId!, energyWh: 30_000, socPermille: 600, duration: 600 })
    const signed = await signForwardRequest({ account, deployment: agent.deployment(), call, nonce: BigInt(nonce), deadline: Math.floor(Date.now() / 1000) + 600 })
    const sent = await httpJson(`${station}/api/relay`, { body: JSON.stringify(signed, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) })
    assert.equal(sent.status, 202, sent.text)
    const done = await httpJson(`${station}/api/relay/${sent.body.id}?wait=1`)
    assert.equal(done.body.status, 'confirmed', done.text)
    const cutOff = readBatteryFile(path)
    assert.ok(cutOff.ok)
    assert.equal(cutOff.battery.dynamicInfo.dischargingCount, before.dynamicInfo.dischargingCount, 'cut off: the file has not moved')

    const reconnected = proxy.connections()
    proxy.restore()
    await waitForState(agent.events, () => {
      const r = readBatteryFile(path)
      return r.ok && r.battery.dynamicInfo.dischargingCount === before.dynamicInfo.dischargingCount + 1
    }, 'the file to catch up with the discharge it missed')
    assert.ok(proxy.connections() > reconnected, 'it caught up over a new connection')
  } finally {
    await agent.stop()
    await proxy.close()
  }
})

test('a chain reorganization that undoes an E-coin grant makes the EV read its balance again, then the relay runs the grant again', async () => {
  const ev = demo.devices.ev.agent
  const rpc = async <T>(method: string, params: unknown[] = []) => (await httpJson(`http://127.0.0.1:${basePort}`, { body: { jsonrpc: '2.0', id: 1, method, params } })).body.result as T
  const before = ev.identity().balance
  const amount = 1234n
  const snapshot = await rpc<string>('evm_snapshot')
  const r = await demo.devices.super.agent.operate(grantECoinCall(demo.devices.super.agent.deployment(), { to: ev.address, amount }))
  assert.equal(r.status, 'confirmed', r.error)
  await waitForState(ev.events, () => ev.identity().balance === before + amount, 'the EV to see the grant')

  // The fork: the grant's block is gone. Nothing new concerns the EV, yet the station streams the undone
  // Transfer as removed, and the EV reads its balance again.
  assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
  await waitForState(ev.events, () => ev.identity().balance === before, 'the EV to read its balance again after the grant was undone')
  // The station's relay finds its confirmed batch gone 6 blocks later and sends it again.
  await waitForState(ev.events, () => ev.identity().balance === before + amount, 'the grant to run again', 60_000)
})
