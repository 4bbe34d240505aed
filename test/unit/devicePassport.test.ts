// Issue 16 on a device, on real parts: anvil, a station (relay, API, index) and a device agent on a real USB
// folder. A battery file with a passport registers with it (registerBatteryWithPassport), one without a
// condition section with nothing reported; a discharge through the device's API sends the file's condition
// (dischargeWithCondition), so the chain's health follows what the file says; a condition in the body
// overrides it, and a bad one is a 400 naming the field; the device's rewrite of the file from the chain keeps
// the passport and condition sections.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { LocalAccount } from 'viem'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { batteryHealth } from '../../src/sdk/passport/batteryHealth.js'
import type { ConditionReading, PassportInfo } from '../../src/sdk/passport/passportTypes.js'
import { getPassport } from '../../src/sdk/reads/getPassport.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { createDeviceAgent, type DeviceAgent } from '../../src/thin/agent/createDeviceAgent.js'
import { createDeviceApi } from '../../src/thin/api/createDeviceApi.js'
import { BATTERY_FILE_NAME, NOTHING_REPORTED, type BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'
import { waitForState } from '../helpers/waitFor.js'

const TOKEN = 'passport-test-token'
const INFO: PassportInfo = {
  certifiedUsableEnergyWh: 60_000,
  ratedCapacityMAh: 150_000,
  expectedLifetimeCycles: 2000,
  exhaustionThresholdPermille: 700,
  chemistry: 'LFP',
  nominalVoltageDecivolts: 4000,
}
const CONDITION: ConditionReading = {
  remainingEnergyWh: 57_000,
  remainingCapacityMAh: 148_500,
  energyThroughputWh: 1_200_000,
  deepDischargeEvents: 1,
  overchargeEvents: 0,
  overTemperatureEvents: null,
  extremeTemperatureSeconds: 3600,
}

let chain: TestChain
let station: Awaited<ReturnType<typeof startTestStation>>
let ev: LocalAccount
let dir: string
let agent: DeviceAgent
let api: Server
let apiUrl: string

const fileOf = (folder: string) => join(dir, 'usb', folder, BATTERY_FILE_NAME)
const batteryOf = (folder: string): BatteryRecord => {
  const r = readBatteryFile(fileOf(folder))
  if (!r.ok) assert.fail(`${folder} should be a valid battery file`)
  return r.battery
}
const post = async (path: string, body: unknown) => {
  const res = await fetch(apiUrl + path, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as any } // eslint-disable-line @typescript-eslint/no-explicit-any -- checked field by field
}
/** A discharge of 1 kWh and 1 % from what the file holds now, through the device's API. */
const discharge = (folder: string, extra: Record<string, unknown> = {}) => {
  const b = batteryOf(folder)
  return post('/api/device/discharge', { batteryId: b.batteryId, energyWh: b.dynamicInfo.energyWh - 1000, socPermille: b.dynamicInfo.socPermille - 10, duration: 600, ...extra })
}

before(async () => {
  chain = await startTestChain()
  ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])) as [LocalAccount]
  await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 10_000_00n })])
  station = await startTestStation(chain)
  dir = mkdtempSync(join(tmpdir(), 'evswap-passport-device-'))
  const battery = (brand: string, passport: { info: PassportInfo; condition?: ConditionReading }) =>
    demoBattery(brand, { kWh: 50, socPercent: 80, price: 6000, year: 2026, month: 3, passport })
  mkdirSync(join(dir, 'usb', 'PAS-1'), { recursive: true })
  mkdirSync(join(dir, 'usb', 'PAS-2'), { recursive: true })
  writeBatteryFile(fileOf('PAS-1'), battery('PAS', { info: INFO, condition: CONDITION }))
  writeBatteryFile(fileOf('PAS-2'), battery('PAS', { info: { ...INFO, chemistry: 'NMC811' } }))
  agent = await createDeviceAgent({ dir, slots: [join(dir, 'usb')], stations: [station.url], account: ev })
  await agent.start()
  await agent.drain()
  api = createServer(createDeviceApi({ agent, token: TOKEN }))
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
})
after(async () => {
  api?.close()
  await agent?.stop()
  await station?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('test_register_fileWithPassport_registersItsPropertiesAndCondition_healthDerived', async () => {
  const id = await waitForState(agent.events, () => batteryOf('PAS-1').batteryId, 'the id written back')
  const passport = await getPassport(chain.publicClient, chain.deployment, id)
  assert.deepEqual(passport.info, INFO)
  assert.equal(passport.lifeStatus, 'original')
  const { at, ...condition } = passport.condition!
  assert.ok(at > 0)
  const { wear: _wear, ...health } = batteryHealth(INFO, CONDITION)
  assert.deepEqual(condition, { ...CONDITION, ...health })
  assert.equal(condition.stateOfCertifiedEnergyPermille, 950, '57 of 60 kWh certified')
  assert.deepEqual(batteryOf('PAS-1').condition, CONDITION, 'the registration wrote the id back and kept the condition')
})

test('test_register_passportWithoutConditionSection_registersNothingReported', async () => {
  const id = await waitForState(agent.events, () => batteryOf('PAS-2').batteryId, 'the id written back')
  const passport = await getPassport(chain.publicClient, chain.deployment, id)
  assert.deepEqual(passport.info, { ...INFO, chemistry: 'NMC811' })
  const { at: _at, exhausted, ...condition } = passport.condition!
  assert.deepEqual(condition, { ...NOTHING_REPORTED, stateOfCertifiedEnergyPermille: null, fullCyclesMilli: null, capacityFadePermille: null })
  assert.equal(exhausted, false)
  assert.equal(batteryOf('PAS-2').condition, null, 'the file still has no condition section')
})

test('test_discharge_sendsTheFilesCondition_healthFollows_fileRewriteKeepsTheSections', async () => {
  const before = batteryOf('PAS-1')
  const id = before.batteryId!
  // The management system wrote a new report: 3 kWh less usable energy, more throughput.
  const reported: ConditionReading = { ...CONDITION, remainingEnergyWh: 54_000, energyThroughputWh: 1_201_000 }
  writeBatteryFile(fileOf('PAS-1'), { ...before, condition: reported })
  const r = await discharge('PAS-1')
  assert.equal(r.status, 200, JSON.stringify(r.body))
  assert.equal(r.body.status, 'confirmed', r.body.error)
  const passport = await getPassport(chain.publicClient, chain.deployment, id)
  assert.equal(passport.condition!.remainingEnergyWh, 54_000)
  assert.equal(passport.condition!.stateOfCertifiedEnergyPermille, 900, 'state of certified energy lower on chain: 54 of 60 kWh')
  assert.equal(passport.condition!.fullCyclesMilli, Math.floor((1_201_000 * 1000) / 60_000))
  // The device then rewrites the dynamic part from the chain; the passport sections are not the chain's to rewrite.
  const after = await waitForState(agent.events, () => {
    const b = batteryOf('PAS-1')
    return b.dynamicInfo.dischargingCount === before.dynamicInfo.dischargingCount + 1 && b
  }, 'the file to follow the chain')
  assert.equal(after.dynamicInfo.energyWh, before.dynamicInfo.energyWh - 1000)
  assert.deepEqual(after.passport, INFO)
  assert.deepEqual(after.condition, reported)
  assert.deepEqual(agent.alerts(), [])
})

test('test_discharge_conditionInTheBody_overridesTheFiles', async () => {
  const id = batteryOf('PAS-1').batteryId!
  const r = await discharge('PAS-1', { condition: { remainingEnergyWh: '51000', remainingCapacityMAh: 147_000, energyThroughputWh: 1_202_000, overchargeEvents: null } })
  assert.equal(r.body.status, 'confirmed', r.body.error)
  const c = (await getPassport(chain.publicClient, chain.deployment, id)).condition!
  assert.equal(c.remainingEnergyWh, 51_000)
  assert.equal(c.stateOfCertifiedEnergyPermille, 850)
  assert.equal(c.remainingCapacityMAh, 147_000)
  assert.equal(c.overchargeEvents, null, 'null in the body is not reported')
  assert.equal(c.deepDischargeEvents, null, 'left out of the body is not reported')
  assert.equal(batteryOf('PAS-1').condition!.remainingEnergyWh, 54_000, 'the body does not rewrite the file')
})

test('test_RevertWhen_conditionInTheBodyIsBad_400NamingTheField_nothingSent', async () => {
  const outboxBefore = (await agent.outbox()).length
  const cases: [unknown, string, RegExp][] = [
    [[1, 2], 'condition', /^condition must be an object with any of remainingEnergyWh, /],
    [{ remainingEnergyWH: 5 }, 'condition.remainingEnergyWH', /is not a condition field; the fields are remainingEnergyWh, /],
    [{ deepDischargeEvents: 70_000 }, 'condition.deepDischargeEvents', /^condition\.deepDischargeEvents must be the count of deep discharges in events, a whole number from 0 to 65535, or null when not reported$/],
    [{ remainingEnergyWh: 12.5 }, 'condition.remainingEnergyWh', /in Wh, a whole number from 0 to 4294967295/],
    [{ extremeTemperatureSeconds: '-1' }, 'condition.extremeTemperatureSeconds', /in seconds/],
  ]
  for (const [condition, field, message] of cases) {
    const r = await discharge('PAS-1', { condition })
    assert.equal(r.status, 400, JSON.stringify(condition))
    assert.equal(r.body.error.field, field)
    assert.match(r.body.error.message, message)
  }
  assert.equal((await agent.outbox()).length, outboxBefore)
})

test('test_RevertWhen_aLifetimeCounterFalls_422WithASentence', async () => {
  const r = await discharge('PAS-1', { condition: { energyThroughputWh: 1 } })
  assert.equal(r.status, 422)
  assert.equal(r.body.status, 'failed')
  assert.doesNotMatch(JSON.stringify(r.body), /BatteryProcessInvalidReading/)
  assert.match(r.body.error, /^The reading of battery \d+ was refused: its energy throughput.* fell/)
})

test('test_RevertWhen_lifeStatusIsNotOneAStationSets_400NamingTheField', async () => {
  const r = await post('/api/device/life-status', { batteryId: batteryOf('PAS-1').batteryId, status: 'waste' })
  assert.equal(r.status, 400)
  assert.equal(r.body.error.field, 'status')
  assert.match(r.body.error.message, /can be made repurposed, reused or remanufactured \(recycling makes it waste\)/)
})
