// The device agent's chain follower (src/thin/agent/createChainFollower.ts) alone: a station's event stream
// over real HTTP (a stub that serves only /api/events and /api/health), and the stages it drives as fakes
// that count what they are asked. What it must do: open the stream with this device's filter, reconcile
// (account read, check) on every (re)connection, re-check only for events that concern the device in blocks
// not yet covered, treat a `removed` event (a fork) as uncovering its block, and reopen the stream when the
// filter changes.
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { afterEach, beforeEach, test } from 'node:test'
import type { Address } from 'viem'
import { createChainFollower, type ChainFollower } from '../../src/thin/agent/createChainFollower.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import type { DeviceBattery } from '../../src/thin/agent/DeviceBattery.js'
import { evUnit } from '../../src/sdk/units.js'
import { startStubStation, type StubStation } from '../helpers/stubStation.js'
import { waitForState } from '../helpers/waitFor.js'

const ME = '0x00000000000000000000000000000000000000Aa' as Address
const UNIT = evUnit(7)

let station: StubStation
let streams: { query: URLSearchParams; res: ServerResponse }[]
let follower: ChainFollower
let counts: { refresh: number; check: number; forget: number }
let batteries: DeviceBattery[]
/** Emits 'state' after each fake check and each stream opened, for waitForState. */
const progress = new EventEmitter()

/** Sends one event on the stream open now (the last one the follower opened). */
const send = (event: 'chain' | 'removed', e: { event: string; args: Record<string, unknown>; blockNumber?: number }) =>
  streams.at(-1)!.res.write(`event: ${event}\ndata: ${JSON.stringify(e)}\n\n`)
const checksReach = (n: number, what: string) => waitForState(progress, () => counts.check >= n, what, 5000)

beforeEach(async () => {
  streams = []
  counts = { refresh: 0, check: 0, forget: 0 }
  batteries = []
  station = await startStubStation((req, res) => {
    const url = new URL(req.url!, 'http://stub')
    if (url.pathname !== '/api/events') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(': open\n\n')
    streams.push({ query: url.searchParams, res })
    progress.emit('state')
  })
  follower = createChainFollower({
    station: createStationClient([station.url]),
    identity: { address: ME, current: () => ({ address: ME, role: 'EVOwner', unit: UNIT, balance: 0n, isSuper: false, suspended: false }), refresh: async () => void counts.refresh++ },
    checker: {
      batteries: () => batteries,
      batteryIds: () => batteries.map((b) => b.batteryId!),
      checkLogged: async () => {
        counts.check++
        progress.emit('state')
      },
    },
    usb: { batteryIds: () => [3] },
    signer: { forget: () => void counts.forget++ },
  })
})
afterEach(async () => {
  follower.stop()
  await station.close()
})

/** Starts following with `list` as the last check's batteries, and waits for the reconcile of the open stream. */
async function started(list: DeviceBattery[]): Promise<void> {
  batteries = list
  follower.start()
  await checksReach(1, 'the first reconcile')
}

const battery = (batteryId: number): DeviceBattery => ({ folder: `/usb/B${batteryId}`, file: `/usb/B${batteryId}/f`, batteryId, record: null, chain: null, alerts: [] })

test('test_start_opensTheStreamWithThisDevicesFilter_thenReconciles', async () => {
  follower.start()
  await checksReach(1, 'the reconcile after the stream opened')
  const q = streams[0]!.query
  assert.equal(q.get('account'), ME.toLowerCase())
  assert.equal(q.get('unit'), String(UNIT))
  assert.equal(q.get('heads'), 'false')
  assert.deepEqual(q.getAll('battery'), ['3'], 'before the first check, the batteries the files in the slots name')
  assert.deepEqual(counts, { refresh: 1, check: 1, forget: 0 })
})

test('test_onChainEvent_checksOnlyForNewBlocksThatConcernTheDevice', async () => {
  await started([battery(3)])
  send('chain', { event: 'BatteryDischarged', args: { batteryId: '3' }, blockNumber: 10 })
  await checksReach(2, 'a check for its battery')
  assert.equal(counts.refresh, 1, 'a battery event does not read the account')
  // Ignored in order: another device's battery, and a second event of block 10 (covered by the check above).
  send('chain', { event: 'BatteryDischarged', args: { batteryId: '99' }, blockNumber: 11 })
  send('chain', { event: 'BatteryCharged', args: { batteryId: '3' }, blockNumber: 10 })
  send('chain', { event: 'Transfer', args: { from: '0x0000000000000000000000000000000000000001', to: ME, value: '5' }, blockNumber: 12 })
  await checksReach(3, 'a check for the transfer to its account')
  assert.deepEqual(counts, { refresh: 2, check: 3, forget: 0 }, 'one check for the transfer, none for the two events before it')
})

test('test_removedEvent_uncoversItsBlockAndForgetsTheNonce', async () => {
  await started([battery(3)])
  send('chain', { event: 'BatteryDischarged', args: { batteryId: '3' }, blockNumber: 20 })
  await checksReach(2, 'the check of block 20')
  send('removed', { event: 'BatteryDischarged', args: { batteryId: '3' }, blockNumber: 20 })
  await checksReach(3, 'a reconcile after the fork')
  assert.equal(counts.forget, 1)
  assert.equal(counts.refresh, 2, 'a fork reads the account again')
  // The new chain's block 20 is not covered by what was read from the undone one.
  send('chain', { event: 'BatteryDischarged', args: { batteryId: '3' }, blockNumber: 20 })
  await checksReach(4, 'a check of the new block 20')
})

test('test_settled_coversTheOperationsBlock_itsEventOnTheStreamCostsNoCheck', async () => {
  await started([battery(3)])
  const transfer = { event: 'Transfer', args: { from: ME, to: '0x0000000000000000000000000000000000000002', value: 5n } }
  await follower.settled({ payload: { call: {} as never }, ok: true, blockNumber: 30, events: [transfer] })
  assert.equal(counts.refresh, 2, "the operation's own transfer reads the account at once")
  send('chain', { ...transfer, args: { ...transfer.args, value: '5' }, blockNumber: 30 })
  send('chain', { event: 'BatteryDischarged', args: { batteryId: '3' }, blockNumber: 31 })
  await checksReach(2, 'the check of block 31')
  assert.deepEqual(counts, { refresh: 2, check: 2, forget: 0 }, 'block 30 was covered by the operation')
})

test('test_follow_reopensTheStreamWhenTheBatteriesChange', async () => {
  await started([battery(3)])
  follower.follow()
  assert.equal(streams.length, 1, 'the same filter keeps the stream')
  batteries = [battery(3), battery(5)]
  follower.follow()
  await checksReach(2, 'the reconcile of the new stream')
  assert.equal(streams.length, 2)
  assert.deepEqual(streams[1]!.query.getAll('battery'), ['3', '5'])
})

test('test_streamEnds_reconnectsAndReconciles', async () => {
  await started([])
  streams[0]!.res.end()
  await checksReach(2, 'the reconcile after reconnecting')
  assert.equal(streams.length, 2)
  assert.ok(station.seen.includes('/api/health'), 'it asks the station (or fails over) before reopening')
})
