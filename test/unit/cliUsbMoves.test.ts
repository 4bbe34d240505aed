// The start banner's USB moves: computed from where each battery disk sits and where the chain says it is
// held, not from the Fig. 7 story (the old banner printed one fixed `usb move TOY-1 ev station1`).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { neededUsbMoves, type UsbMoveDevice } from '../../src/rich/neededUsbMoves.js'
import { formatUsbMoves } from '../../src/cli/formatUsbMoves.js'
import { evUnit, stationUnit } from '../../src/sdk/units.js'
import type { BatteryView } from '../../src/sdk/reads/types.js'

const held = (holder: number) => ({ dynamicInfo: { holder } }) as unknown as BatteryView
const battery = (folder: string, batteryId: number | null, holder: number | null) => ({ folder, batteryId, chain: holder === null ? null : held(holder) })

/** The demo as the devices see it; `where` says which unit the chain has each battery held by. */
function demo(where: { toy: number; byd: number }): UsbMoveDevice[] {
  return [
    { name: 'ev', unit: evUnit(1), batteries: [battery('/d/ev/usb/TOY-1', 4, where.toy)] },
    { name: 'station1', unit: stationUnit(1), batteries: [battery('/d/station1/usb/BYD-1', 1, where.byd), battery('/d/station1/usb/SUM-1', 2, stationUnit(1))] },
    { name: 'station2', unit: stationUnit(2), batteries: [battery('/d/station2/usb/CATL-1', 3, stationUnit(2))] },
  ]
}

describe('neededUsbMoves', () => {
  test('test_neededUsbMoves_allWhereChainSays_none', () => {
    assert.deepEqual(neededUsbMoves(demo({ toy: evUnit(1), byd: stationUnit(1) })), [])
    assert.equal(formatUsbMoves([], '.evswap/demo'), 'All battery disks are where the chain says: no USB move is due.\n')
  })

  test('test_neededUsbMoves_afterApproval_bothMovesWithExactCommands', () => {
    const moves = neededUsbMoves(demo({ toy: stationUnit(1), byd: evUnit(1) }))
    assert.deepEqual(moves, [
      { folder: 'BYD-1', batteryId: 1, from: 'station1', to: 'ev', holder: evUnit(1) },
      { folder: 'TOY-1', batteryId: 4, from: 'ev', to: 'station1', holder: stationUnit(1) },
    ])
    const text = formatUsbMoves(moves, '.evswap/demo')
    assert.match(text, /^ {2}npx evswap usb move BYD-1 station1 ev --dir \.evswap\/demo {3}\(battery 1 → EV 1\)$/m)
    assert.match(text, /^ {2}npx evswap usb move TOY-1 ev station1 --dir \.evswap\/demo {3}\(battery 4 → station 1\)$/m)
    assert.match(text, /^Move these 2 USB disks/)
  })

  test('test_neededUsbMoves_halfDone_onlyTheRemainingMove', () => {
    // TOY-1 was moved to station 1 already: it sits there now, and the chain agrees.
    const devices = demo({ toy: stationUnit(1), byd: evUnit(1) })
    devices[1] = { ...devices[1]!, batteries: [...devices[1]!.batteries, battery('/d/station1/usb/TOY-1', 4, stationUnit(1))] }
    devices[0] = { ...devices[0]!, batteries: [] }
    assert.deepEqual(neededUsbMoves(devices).map((m) => `${m.folder} ${m.from} ${m.to}`), ['BYD-1 station1 ev'])
  })

  test('test_neededUsbMoves_unregisteredOrUnknown_notAMove', () => {
    const devices = demo({ toy: evUnit(1), byd: stationUnit(1) })
    devices[0] = { ...devices[0]!, batteries: [battery('/d/ev/usb/NEW-1', null, null), battery('/d/ev/usb/FAKE-1', 9, null)] }
    assert.deepEqual(neededUsbMoves(devices), [])
  })

  test('test_neededUsbMoves_heldOutsideTheDemo_saysSoWithoutACommand', () => {
    const moves = neededUsbMoves(demo({ toy: stationUnit(7), byd: stationUnit(1) }))
    assert.deepEqual(moves, [{ folder: 'TOY-1', batteryId: 4, from: 'ev', to: undefined, holder: stationUnit(7) }])
    const text = formatUsbMoves(moves, '/tmp/demo')
    assert.match(text, /battery 4 \(TOY-1, in ev\) is held by station 7, which is not part of this demo/)
    assert.doesNotMatch(text, /npx evswap usb move/)
  })
})
