// The GUI's pure rules for the handover and for money and time in words (src/web/src/shared): which USB disk
// goes where after an approval, who pays whom, and the one unit for durations.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { demoDeviceName, diskMoves } from '../../src/web/src/shared/handover.js'
import { whoPays } from '../../src/web/src/shared/swapMoney.js'
import { formatDuration } from '../../src/web/src/shared/format.js'
import type { BatteryView, DeviceState, StationInfo, SwapView } from '../../src/web/src/shared/types.js'

const EV = '0x00000000000000000000000000000000000000e1'
const ST = '0x00000000000000000000000000000000000000a1'
const STATION1 = 0x80000001

function battery(id: number, brand: string, owner: string, holder: number): BatteryView {
  const none = { maxChargingCount: 1, maxDischargingCount: 1, maxChargingTotalTime: 1, maxDischargingTotalTime: 1, manufactureYear: 2020, manufactureMonth: 1, maxYearLimited: 1, manufacturePrice: '0' }
  return {
    id,
    staticInfo: { brand, ...none },
    dynamicInfo: { owner, holder, status: 'InService', energyWh: 0, socPermille: 0, chargingCount: 0, dischargingCount: 0, chargingTotalTime: 0, dischargingTotalTime: 0 },
    staticHash: '0x',
    price: '0',
  }
}
const device = (address: string, unit: number, batteries: { folder: string; view: BatteryView }[]): DeviceState => ({
  address,
  role: unit === 1 ? 'EVOwner' : 'StationOperator',
  unit,
  unitName: '',
  balance: '0',
  isSuper: false,
  station: { url: '' },
  stations: [],
  alerts: [],
  outbox: [],
  batteries: batteries.map((b) => ({ folder: `/demo/usb/${b.folder}`, batteryId: b.view.id, file: null, chain: b.view, alerts: [] })),
})

// After approving swap 5 (TOY 3 for BYD 2), before any disk moved: the chain swapped holders.
const toy = battery(3, 'TOY', ST, STATION1)
const byd = battery(2, 'BYD', EV, 1)
const swap: SwapView = { id: 5, evOwner: EV, evBatteryId: 3, stationBatteryId: 2, stationUnit: STATION1, status: 'Approved', difference: '100', fee: '200', escrow: '300' }
const stations: StationInfo[] = [{ unit: STATION1, stationId: 1, account: ST, batteries: [], slots: [{ folder: 'BYD-1', batteryId: 2 }] }]

test('testDiskMoves_evSideAfterApproval_outTheOwnDiskAndInTheStationsWithItsFolder', () => {
  const moves = diskMoves({ state: device(EV, 1, [{ folder: 'TOY-1', view: toy }]), swaps: [swap], all: [toy, byd], stations, unitOf: () => null })
  assert.deepEqual(moves, [
    { batteryId: 3, brand: 'TOY', folder: 'TOY-1', from: 1, to: STATION1, swapId: 5, direction: 'out' },
    { batteryId: 2, brand: 'BYD', folder: 'BYD-1', from: STATION1, to: 1, swapId: 5, direction: 'in' },
  ])
})

test('testDiskMoves_stationSide_theEvsDiskComesFromTheEvWithoutAFolder', () => {
  const moves = diskMoves({ state: device(ST, STATION1, [{ folder: 'BYD-1', view: byd }]), swaps: [swap], all: [toy, byd], stations, unitOf: (a) => (a === EV ? 1 : null) })
  assert.deepEqual(moves, [
    { batteryId: 2, brand: 'BYD', folder: 'BYD-1', from: STATION1, to: 1, swapId: 5, direction: 'out' },
    { batteryId: 3, brand: 'TOY', folder: null, from: 1, to: STATION1, swapId: 5, direction: 'in' },
  ])
})

test('testDiskMoves_afterTheMove_nothingToDo', () => {
  const toyAtStation = device(ST, STATION1, [{ folder: 'TOY-1', view: toy }])
  assert.deepEqual(diskMoves({ state: toyAtStation, swaps: [swap], all: [toy, byd], stations: [], unitOf: () => 1 }), [])
  const denied = { ...swap, status: 'Denied' as const }
  const before = device(EV, 1, [{ folder: 'TOY-1', view: battery(3, 'TOY', EV, 1) }])
  assert.deepEqual(diskMoves({ state: before, swaps: [denied], all: [], stations, unitOf: () => null }), [], 'a denied swap moves no disk')
})

test('testDemoDeviceName_theDemosNamesForUsbMove', () => {
  assert.equal(demoDeviceName(1), 'ev')
  assert.equal(demoDeviceName(STATION1), 'station1')
  assert.equal(demoDeviceName(0x80000002), 'station2')
  assert.equal(demoDeviceName(2), null, 'the demo has one EV')
  assert.equal(demoDeviceName(null), null)
})

test('testWhoPays_saysWhoPaysWhomWithoutASign', () => {
  assert.deepEqual(whoPays({ difference: '6343', fee: '200' }, 'station', 'EV 1'), ['You receive 63.43 E-coin from EV 1.', 'EV 1 pays the swap fee, 2.00 E-coin, to the network.'])
  assert.deepEqual(whoPays({ difference: '-6343', fee: '0' }, 'station', 'EV 1'), ['You pay EV 1 63.43 E-coin.'])
  assert.deepEqual(whoPays({ difference: '-6343', fee: '200' }, 'ev', 'station 1'), ['Station 1 pays you 63.43 E-coin.', 'You pay the swap fee, 2.00 E-coin, to the network.'])
  assert.deepEqual(whoPays({ difference: '5', fee: '0' }, 'ev', 'station 1', true), ['You paid station 1 0.05 E-coin.'])
  assert.match(whoPays({ difference: '0', fee: '0' }, 'ev', 'station 1')[0]!, /nobody pays/)
})

test('testFormatDuration_hoursAndMinutes', () => {
  assert.equal(formatDuration(5400), '1 h 30 min')
  assert.equal(formatDuration(2700), '45 min')
  assert.equal(formatDuration(7200), '2 h')
  assert.equal(formatDuration(0), '0 min')
  assert.equal(formatDuration(8000 * 3600), '8000 h')
  assert.equal(formatDuration(89), '1 min', 'seconds round to the minute')
  assert.equal(formatDuration(undefined), '—')
})
