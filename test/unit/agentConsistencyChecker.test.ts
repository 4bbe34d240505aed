// The device agent's consistency checker (src/thin/agent/createConsistencyChecker.ts) alone: real battery
// files in a temporary USB slot, battery views read over HTTP from a station stub that serves one fixed
// chain view (changed by the test between checks), the real synced-batteries record and outbox. The
// registrar and the identity are fakes: what the checker does with a file without an id is the registrar's.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, test } from 'node:test'
import type { Address } from 'viem'
import { staticHash } from '../../src/sdk/staticInfo.js'
import type { AccountView, BatteryView } from '../../src/sdk/reads/types.js'
import { evUnit, stationUnit } from '../../src/sdk/units.js'
import { reviveJson } from '../../src/thin/agent/reviveJson.js'
import { createConsistencyChecker, type ConsistencyChecker } from '../../src/thin/agent/createConsistencyChecker.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { createUsbGlue } from '../../src/thin/agent/createUsbGlue.js'
import { openSyncedBatteries } from '../../src/thin/consistency/openSyncedBatteries.js'
import { openOutbox, type Outbox } from '../../src/thin/outbox/openOutbox.js'
import { BATTERY_FILE_NAME, type BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { FIG6_RECORD } from '../helpers/fig6Battery.js'
import { startStubStation, type StubStation } from '../helpers/stubStation.js'

const ME = '0x00000000000000000000000000000000000000aa' as Address
const UNIT = evUnit(7)
const FILE: BatteryRecord = { ...FIG6_RECORD, ownerAddress: ME, dynamicInfo: { ...FIG6_RECORD.dynamicInfo } }

let dir: string
let slot: string
let station: StubStation
let outbox: Outbox
let checker: ConsistencyChecker
let chain: BatteryView
let me: AccountView
let considered: { folder: string; underWay: string[] }[]
let lines: string[]
let checks: number
/** Runs once, when the station is next asked for battery 1, before it answers (a USB move during a check). */
let onRead: (() => void) | undefined

const path = (folder: string) => join(slot, folder, BATTERY_FILE_NAME)
const fileOf = (folder = 'B1') => {
  const r = readBatteryFile(path(folder))
  assert.ok(r.ok)
  return r.battery
}
const kinds = () => checker.alerts().map((a) => `${a.kind}:${a.folder.slice(slot.length + 1)}`).sort()
const syncedRecords = () => JSON.parse(readFileSync(join(dir, 'synced-batteries.json'), 'utf8')).batteries as Record<string, { reading: { energyWh: number }; leaving?: boolean }>
const batteryReads = () => station.seen.filter((p) => p.startsWith('/api/batteries/1')).length
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-checker-'))
  slot = join(dir, 'usb')
  mkdirSync(join(slot, 'B1'), { recursive: true })
  writeBatteryFile(path('B1'), FILE)
  chain = {
    id: 1,
    staticInfo: FILE.staticInfo,
    staticHash: staticHash(FILE.staticInfo),
    dynamicInfo: { ...FILE.dynamicInfo, owner: ME, holder: UNIT, status: 'InService' },
    price: FILE.dynamicInfo.price,
  }
  me = { address: ME, role: 'EVOwner', unit: UNIT, balance: 0n, isSuper: false, suspended: false }
  considered = []
  lines = []
  checks = 0
  onRead = undefined
  station = await startStubStation((req, res) => {
    if (req.url?.startsWith('/api/batteries/1')) {
      onRead?.()
      onRead = undefined
    }
    if (req.url === '/api/batteries/1') return void res.writeHead(200, { 'content-type': 'application/json' }).end(json(chain))
    if (req.url === '/api/batteries/1/state') {
      const { staticInfo: _, ...state } = chain
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(json(state))
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(json({ error: { code: 'not_found', message: 'no battery' } }))
  })
  outbox = await openOutbox(join(dir, 'outbox'))
  checker = createConsistencyChecker({
    dir,
    usb: createUsbGlue([slot]),
    outbox,
    // The checker's rule alone: the "chain" is what this stub serves (the agent's reads are proven; see
    // provenBatteryReader.test.ts and attacks.test.ts for that part).
    reader: {
      async read(id) {
        const r = await createStationClient([station.url]).request('GET', `/api/batteries/${id}`)
        return r.status === 404 ? null : (reviveJson(r.body) as BatteryView)
      },
    },
    synced: openSyncedBatteries(dir),
    identity: { current: () => me },
    registrar: {
      consider: async (folder, _record, underWay) => {
        considered.push({ folder, underWay: [...underWay] })
        return 'registration failed; retrying in 30 s'
      },
    },
    log: (line) => lines.push(line),
    changed: () => void checks++,
  })
})
afterEach(async () => {
  checker.stop()
  await station.close()
  rmSync(dir, { recursive: true, force: true })
})

test('test_check_fileEqualToTheChain_noAlertAndItsReadingRecordedAsSynced', async () => {
  assert.deepEqual(await checker.check(), [])
  assert.equal(syncedRecords()['1']?.reading.energyWh, FILE.dynamicInfo.energyWh)
  assert.equal(checker.batteries()[0]?.chain?.id, 1)
  assert.deepEqual(checker.batteryIds(), [1])
})

test('test_check_chainMovedOnSinceTheSync_rewritesTheFileAsAFileUpdateNotAnAlert', async () => {
  await checker.check()
  chain = { ...chain, dynamicInfo: { ...chain.dynamicInfo, energyWh: 15_000, dischargingCount: 2 } }
  assert.deepEqual(await checker.check(), [])
  assert.equal(fileOf().dynamicInfo.energyWh, 15_000)
  assert.equal(fileOf().dynamicInfo.dischargingCount, 2)
  const update = checker.batteries()[0]?.lastFileUpdate
  assert.equal(update?.reason, 'chain')
  assert.match(update!.message, /energy/)
  assert.ok(lines.some((l) => l.startsWith("battery 1's file was updated from the chain")), lines.join('\n'))
  assert.equal(syncedRecords()['1']?.reading.energyWh, 15_000, 'the new reading is the synced one')
})

test('test_check_fileEditedByHand_staleFileAlertFileLeftUntilRepairFile', async () => {
  await checker.check()
  writeBatteryFile(path('B1'), { ...FILE, dynamicInfo: { ...FILE.dynamicInfo, chargingCount: 9 } })
  await checker.check()
  assert.deepEqual(kinds(), ['stale_file:B1'])
  const alert = checker.alerts()[0]!
  assert.deepEqual(alert.fields?.map((f) => f.field), ['dynamicInfo.chargingCount'])
  assert.equal(fileOf().dynamicInfo.chargingCount, 9, 'the device cannot explain it: the file is left')
  await checker.check()
  assert.equal(checker.alerts()[0]?.since, alert.since, 'an alert that stands keeps the time it was first seen')

  const { battery, alerts } = await checker.repairFile(1)
  assert.deepEqual(alerts, [])
  assert.equal(battery?.lastFileUpdate?.reason, 'user')
  assert.equal(fileOf().dynamicInfo.chargingCount, FILE.dynamicInfo.chargingCount)
  assert.deepEqual(await checker.repairFile(2), { battery: undefined, alerts: [] }, 'a battery not in the slots')
})

test('test_check_heldElsewhere_alertsAndForgetsTheRecordOnceTheDiskHasLeft', async () => {
  chain = { ...chain, dynamicInfo: { ...chain.dynamicInfo, holder: stationUnit(1) } }
  await checker.check()
  assert.deepEqual(kinds(), ['held_elsewhere:B1'])
  assert.equal(syncedRecords()['1']?.leaving, true)
  rmSync(join(slot, 'B1'), { recursive: true })
  assert.deepEqual(await checker.check(), [])
  assert.deepEqual(syncedRecords(), {}, 'what happens to it next is another device’s')
  assert.deepEqual(checker.batteries(), [])
})

test('test_check_operationInFlight_neitherReadsTheChainAgainNorWritesTheFile', async () => {
  await checker.check()
  const readsBefore = batteryReads()
  await outbox.put({ id: 'op-1', kind: 'discharge', createdAt: 1, payload: { call: { label: 'discharge' }, batteryId: 1 } })
  chain = { ...chain, dynamicInfo: { ...chain.dynamicInfo, energyWh: 1_000 } }
  await checker.check()
  assert.equal(batteryReads(), readsBefore, 'the state is read when the operation finishes')
  assert.equal(fileOf().dynamicInfo.energyWh, FILE.dynamicInfo.energyWh)
  await outbox.remove('op-1')
  await checker.check()
  assert.equal(fileOf().dynamicInfo.energyWh, 1_000, 'written once nothing is in flight')
})

test('test_check_folderWithoutFileBrokenFileAndNoId_eachHasItsAlert', async () => {
  mkdirSync(join(slot, 'EMPTY'))
  mkdirSync(join(slot, 'BAD'))
  writeFileSync(path('BAD'), '{"batteryID": 1, "staticInfo": ')
  mkdirSync(join(slot, 'NEW'))
  writeBatteryFile(path('NEW'), { ...FILE, batteryId: null })
  await outbox.put({ id: 'reg-1', kind: 'registerBattery', createdAt: 1, payload: { call: { label: 'registerBattery' }, folder: join(slot, 'OTHER') } })
  await checker.check()
  assert.deepEqual(kinds(), ['invalid_file:BAD', 'missing_file:EMPTY', 'unknown_battery:NEW'])
  assert.deepEqual(considered, [{ folder: join(slot, 'NEW'), underWay: [join(slot, 'OTHER')] }], 'the registrar is told which folders are being registered')
})

test('test_check_unregisteredDevice_alertOnTheDeviceFolder', async () => {
  me = { ...me, role: 'None', unit: 0 }
  await checker.check()
  const alert = checker.alerts().find((a) => a.kind === 'unregistered_device')
  assert.equal(alert?.folder, dir)
  assert.match(alert!.message, new RegExp(ME))
})

test('test_check_calledDuringARun_runsExactlyOnceMoreAfterIt', async () => {
  const runs = [checker.check(), checker.check(), checker.check()]
  assert.equal(runs[1], runs[0], 'a call during a run shares it')
  await Promise.all(runs)
  assert.equal(checks, 2, 'the calls during the first run cost one more run, not two')
  assert.equal(batteryReads(), 2)
})

test('test_check_diskMovedOutWhileTheCheckReadsTheChain_runsAgainInsteadOfFailing', async () => {
  await checker.check()
  chain = { ...chain, dynamicInfo: { ...chain.dynamicInfo, energyWh: 12_000 } }
  const elsewhere = join(dir, 'elsewhere')
  // The file needs an update from the chain, and its disk leaves between the scan and the write.
  onRead = () => renameSync(join(slot, 'B1'), elsewhere)
  assert.deepEqual(await checker.check(), [])
  assert.deepEqual(checker.batteries(), [], 'the run that saw it gone is the one published')
  const moved = readBatteryFile(join(elsewhere, BATTERY_FILE_NAME))
  assert.ok(moved.ok)
  assert.equal(moved.battery.dynamicInfo.energyWh, FILE.dynamicInfo.energyWh, 'nothing was written after it left')
})

test('test_check_diskMovedOutBeforeItsFileIsRead_isNoInvalidFile', async () => {
  mkdirSync(join(slot, 'NEW'))
  writeBatteryFile(path('NEW'), { ...FILE, batteryId: null })
  // Battery 1 is read from the chain first; meanwhile the other disk leaves, before its file is read.
  const elsewhere = join(dir, 'elsewhere')
  onRead = () => renameSync(join(slot, 'NEW'), elsewhere)
  assert.deepEqual(await checker.check(), [], 'a disk that left is not a broken file')
  assert.deepEqual(checker.batteries().map((b) => b.batteryId), [1])
})
