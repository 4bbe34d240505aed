// Which chain events concern a device: the rule the station's filtered event stream and the device share.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { eventConcerns, type EventSubject } from '../../src/sdk/events/eventConcerns.js'

const me = '0x1111111111111111111111111111111111111111'
const other = '0x2222222222222222222222222222222222222222'
const STATION_UNIT = 0x80000001
const device: EventSubject = { account: me, batteries: new Set([7, 8]), unit: STATION_UNIT }

test('an event naming the account in any account argument concerns the device, in any letter case', () => {
  assert.ok(eventConcerns({ account: me.toUpperCase().replace('0X', '0x'), role: 1, unit: 9 }, device), 'AccountRegistered')
  assert.ok(eventConcerns({ from: other, to: me, value: 5n }, device), 'E-coin Transfer to it')
  assert.ok(eventConcerns({ from: me, to: other, value: 5n }, device), 'E-coin Transfer from it')
  assert.ok(eventConcerns({ swapId: 3, evOwner: me }, device), 'SwapCancelled by it')
  assert.ok(eventConcerns({ swapId: 3, operator: me }, device), 'SwapApproved by it')
})

test('an event naming one of its batteries concerns the device; its swaps through either battery', () => {
  assert.ok(eventConcerns({ batteryId: 7, energyWh: 1, socPermille: 1, duration: 1 }, device), 'BatteryDischarged')
  assert.ok(eventConcerns({ batteryId: 8, from: other, to: other, holder: 5 }, device), 'BatteryTransferred of its battery between others')
  const swap = { swapId: 1, evOwner: other, stationUnit: 0x80000002, difference: 0n, fee: 0n }
  assert.ok(eventConcerns({ ...swap, evBatteryId: 7, stationBatteryId: 99 }, device), 'SwapRequested with its EV battery')
  assert.ok(eventConcerns({ ...swap, evBatteryId: 99, stationBatteryId: '8' }, device), 'SwapRequested for its station battery (id as text)')
  assert.ok(eventConcerns({ ...swap, evBatteryId: 98, stationBatteryId: 99, stationUnit: STATION_UNIT }, device), 'SwapRequested at its station')
})

test("other accounts', batteries' and units' events do not concern the device", () => {
  assert.ok(!eventConcerns({ batteryId: 9, energyWh: 1, socPermille: 1, duration: 1 }, device))
  assert.ok(!eventConcerns({ from: other, to: other, value: 1n }, device))
  assert.ok(!eventConcerns({ swapId: 1, evOwner: other, stationUnit: 0x80000002, evBatteryId: 1, stationBatteryId: 2 }, device))
  assert.ok(!eventConcerns({ pricePerKWh: 30n }, device), 'EnergyPriceSet names no one')
  // Forwarder bookkeeping names the signer, but the device learns its requests' outcome from the relay.
  assert.ok(!eventConcerns({ signer: me, nonce: 1n, success: true }, device))
  assert.ok(!eventConcerns({ batteryId: 7 }, { account: me }), 'no battery set: battery events do not match')
  assert.ok(!eventConcerns({ stationUnit: 0 }, { unit: 0 }), 'unit 0 (not registered) matches nothing')
})
