// The rules behind the device's alerts, without a chain: which differences are explained (a silent rewrite),
// which are alerts, what the records survive, and what the log says. The demo-level test is alerts.test.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkBattery } from '../../src/thin/consistency/checkBattery.js'
import { openSyncedBatteries } from '../../src/thin/consistency/openSyncedBatteries.js'
import { describeAlertChange } from '../../src/thin/consistency/describeAlertChange.js'
import { readingOf } from '../../src/thin/consistency/Reading.js'
import type { Alert } from '../../src/thin/consistency/Alert.js'
import { scanUsbFolders } from '../../src/thin/usb/scanUsbFolders.js'
import { BATTERY_FILE_NAME, type BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { staticHash } from '../../src/sdk/staticInfo.js'
import { stationUnit } from '../../src/sdk/units.js'
import type { BatteryView } from '../../src/sdk/reads/types.js'
import { FIG6_RECORD, FIG6_TEXT } from '../helpers/fig6Battery.js'

const OWNER = '0x00000000000000000000000000000000000000aa'
const HERE = stationUnit(1)
const file: BatteryRecord = { ...FIG6_RECORD, ownerAddress: OWNER }
/** The chain's view of `file`'s battery, with `dynamic` changes. */
const chainOf = (dynamic: Partial<BatteryView['dynamicInfo']> = {}, price = file.dynamicInfo.price): BatteryView => ({
  id: 1,
  staticInfo: file.staticInfo,
  staticHash: staticHash(file.staticInfo),
  price,
  dynamicInfo: { ...readingOf(file.dynamicInfo), owner: OWNER, holder: HERE, status: 'InService', ...dynamic },
})
const kinds = (r: ReturnType<typeof checkBattery>) => r.alerts.map((a) => a.kind)

test('test_checkBattery_chainMovedOnFromSynced_isRewrittenWithoutAlert', () => {
  // The file holds what the device last synced; the chain has a discharge more.
  const r = checkBattery(file, chainOf({ energyWh: 19_500, socPermille: 975, dischargingCount: 2 }), HERE, { synced: readingOf(file.dynamicInfo) })
  assert.deepEqual(kinds(r), [])
  assert.equal(r.repair?.dynamicInfo.energyWh, 19_500)
  assert.deepEqual(r.changes.map((c) => `${c.label} ${c.file} -> ${c.chain}`), ['energy 20 kWh -> 19.5 kWh', 'SOC 100 % -> 97.5 %', 'discharging count 1 -> 2'])
  assert.equal(r.synced?.energyWh, 19_500)
})

test('test_checkBattery_readingNeitherChainNorSynced_isStaleFileAlert_notRewritten', () => {
  // Someone set the energy in the file to 25 kWh; the chain and the device's record say 20 kWh.
  const edited: BatteryRecord = { ...file, dynamicInfo: { ...file.dynamicInfo, energyWh: 25_000 } }
  const r = checkBattery(edited, chainOf(), HERE, { synced: readingOf(file.dynamicInfo) })
  assert.deepEqual(kinds(r), ['stale_file'])
  assert.equal(r.repair, undefined)
  assert.equal(r.synced, undefined)
  assert.match(r.alerts[0]!.message, /battery 1: .*energy: file 25 kWh, chain 20 kWh.*POST \/api\/device\/batteries\/1\/repair/)
  assert.deepEqual(r.alerts[0]!.fields, [{ field: 'dynamicInfo.energy', label: 'energy', file: '25 kWh', chain: '20 kWh' }])
  // A battery new to this device (no record) whose file differs is unexplained too; asked for, it is rewritten.
  assert.deepEqual(kinds(checkBattery(edited, chainOf(), HERE)), ['stale_file'])
  const asked = checkBattery(edited, chainOf(), HERE, { rewrite: true })
  assert.deepEqual(kinds(asked), [])
  assert.equal(asked.repair?.dynamicInfo.energyWh, 20_000)
})

test('test_checkBattery_ownerAndPriceAlone_areRewrittenSilently_evenWithoutRecord', () => {
  const r = checkBattery(file, chainOf({ owner: '0x00000000000000000000000000000000000000Bb' }, 15_000n), HERE)
  assert.deepEqual(kinds(r), [])
  assert.deepEqual(r.changes.map((c) => c.label), ['owner', 'price'])
  assert.equal(r.changes[1]!.chain, '150.00 E-coin')
  assert.equal(r.repair?.ownerAddress, '0x00000000000000000000000000000000000000bb')
})

test('test_checkBattery_staticTamper_namesFieldsInFileUnits_andIsNeverRewritten', () => {
  const tampered: BatteryRecord = { ...file, staticInfo: { ...file.staticInfo, brand: 'Fake', manufacturePrice: 99_900n } }
  const r = checkBattery(tampered, chainOf(), HERE, { rewrite: true })
  assert.deepEqual(kinds(r), ['static_mismatch'])
  assert.equal(r.repair, undefined)
  assert.match(r.alerts[0]!.message, /brand: file "Fake", chain "Samsung"; manufacture price: file 999.00 E-coin, chain 200.00 E-coin/)
})

test('test_checkBattery_heldElsewhere_alerts_andStillBringsAnExplainedFileUpToDate', () => {
  const r = checkBattery(file, chainOf({ holder: 7, dischargingCount: 2 }), HERE, { synced: readingOf(file.dynamicInfo) })
  assert.deepEqual(kinds(r), ['held_elsewhere'])
  assert.match(r.alerts[0]!.message, /battery 1 sits at EV 7 on chain, not at station 1: move its USB disk there/)
  assert.equal(r.repair?.dynamicInfo.dischargingCount, 2)
})

test('test_openSyncedBatteries_survivesReopen_dropsDepartedOnly_ignoresCorruptFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evswap-synced-'))
  try {
    const a = openSyncedBatteries(dir)
    const update = { at: 1, reason: 'chain' as const, changes: [], message: 'm' }
    a.synced(1, readingOf(file.dynamicInfo), false, update)
    a.synced(2, readingOf(file.dynamicInfo), true)
    a.synced(3, readingOf(file.dynamicInfo), true)
    a.forgetDeparted(new Set([1, 3])) // 2 left (held elsewhere, disk gone); 3 is still here
    const b = openSyncedBatteries(dir)
    assert.deepEqual(b.get(1), { reading: readingOf(file.dynamicInfo), lastFileUpdate: update })
    assert.equal(b.get(2), undefined)
    assert.equal(b.get(3)?.leaving, true)
    writeFileSync(join(dir, 'synced-batteries.json'), '{"batteries": {"1": {"reading": {"energyWh": "x"}}')
    assert.equal(openSyncedBatteries(dir).get(1), undefined, 'a corrupt record explains nothing')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('test_scanUsbFolders_listsEmptyFoldersBesideBatteries', () => {
  const slot = mkdtempSync(join(tmpdir(), 'evswap-scan-'))
  try {
    for (const f of ['a', 'empty', '.hidden']) mkdirSync(join(slot, f))
    writeFileSync(join(slot, 'a', BATTERY_FILE_NAME), FIG6_TEXT)
    writeFileSync(join(slot, 'stray.txt'), 'not a disk')
    const found = scanUsbFolders([slot])
    assert.deepEqual(found.batteries.map((b) => b.folder), [join(slot, 'a')])
    assert.deepEqual(found.empty, [{ slot, folder: join(slot, 'empty') }])
  } finally {
    rmSync(slot, { recursive: true, force: true })
  }
})

test('test_describeAlertChange_logsRaisedChangedAndEnded_withTheMessage', () => {
  const alert = (message: string): Alert => ({ kind: 'stale_file', folder: '/usb/TOY-1', batteryId: 3, message, since: 1 })
  const first = new Map([['stale_file:/usb/TOY-1', alert('energy: file 5 kWh, chain 3 kWh')]])
  const second = new Map([['stale_file:/usb/TOY-1', alert('energy: file 6 kWh, chain 3 kWh')]])
  assert.deepEqual(describeAlertChange(new Map(), first), ['alert raised, stale_file, battery 3 (TOY-1): energy: file 5 kWh, chain 3 kWh'])
  assert.deepEqual(describeAlertChange(first, second), ['alert changed, stale_file, battery 3 (TOY-1): energy: file 6 kWh, chain 3 kWh'])
  assert.deepEqual(describeAlertChange(second, new Map()), ['alert ended, stale_file, battery 3 (TOY-1); it was: energy: file 6 kWh, chain 3 kWh'])
})
