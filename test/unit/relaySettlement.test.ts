import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { LocalAccount, TransactionReceipt } from 'viem'
import { createSettlement } from '../../src/rich/relay/createSettlement.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'
import type { RelayStatus } from '../../src/rich/relay/RelayStatus.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { relayEntryOf } from '../helpers/relayEntry.js'

// Settlement alone, on a real anvil: batches are sent by the test itself (`executeBatch` from dev key 0),
// and the request book, queue and finality behind settlement are fakes that record what they are given.
describe('relay stage: settlement', () => {
  let chain: TestChain
  let ev: LocalAccount
  let ev2: LocalAccount
  let station: LocalAccount
  let evBattery: number
  let ev2Battery: number
  let stationBattery: number

  before(async () => {
    chain = await startTestChain()
    ;[ev, ev2, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'EVOwner', unitId: 2 },
      { role: 'StationOperator', unitId: 1 },
    ])) as [LocalAccount, LocalAccount, LocalAccount]
    ;[evBattery, ev2Battery, stationBattery] = await Promise.all([chain.registerBattery(ev), chain.registerBattery(ev2), chain.registerBattery(station)])
  })
  after(() => chain?.stop())

  function harness(maxAttempts = 3) {
    const finished = new Map<string, RelayStatus>()
    const putBack: RelayEntry[][] = []
    const confirmed: string[][] = []
    let pauses = 0
    const settlement = createSettlement({
      publicClient: chain.publicClient,
      deployment: chain.deployment,
      maxAttempts,
      finish: (e, s) => finished.set(e.id, s),
      queue: { putBack: (es) => putBack.push(es), pause: () => (pauses += 1) },
      onConfirmed: (ran) => confirmed.push(ran.map((e) => e.id)),
    })
    return { settlement, finished, putBack, confirmed, pauses: () => pauses }
  }
  const discharge = (batteryId: number, energyWh: number) => dischargeCall(chain.deployment, { batteryId, energyWh, socPermille: Math.round(energyWh / 60), duration: 600 })
  /** Sends the batch as the relay would and answers its receipt. */
  async function executeBatch(batch: RelayEntry[]): Promise<TransactionReceipt> {
    const hash = await chain.deployer.writeContract({ address: chain.deployment.forwarder, abi: evswapForwarderAbi, functionName: 'executeBatch', args: [batch.map((e) => e.data), chain.deployer.account.address], chain: null, gas: 2_000_000n })
    return chain.publicClient.waitForTransactionReceipt({ hash })
  }

  test('test_settle_eachRequestItsOwnOutcome_aRevertInsideNamedInWords', async () => {
    const { settlement, finished, confirmed } = harness()
    const good = relayEntryOf(await chain.sign(ev, discharge(evBattery, 50_000)))
    const theirs = relayEntryOf(await chain.sign(ev2, discharge(stationBattery, 10_000)))
    const receipt = await executeBatch([good, theirs])
    await settlement.settle([good, theirs], receipt, undefined)
    const g = finished.get(good.id)
    assert.equal(g?.status, 'confirmed', JSON.stringify(g, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
    assert.equal(g.txHash, receipt.transactionHash)
    assert.deepEqual(g.events?.map((e) => e.event).filter((e) => e === 'BatteryDischarged'), ['BatteryDischarged'])
    assert.equal(g.signature, undefined, 'the request book adds the signature, not settlement')
    const t = finished.get(theirs.id)
    assert.equal(t?.status, 'failed')
    assert.equal(t.success, false)
    assert.match(t.error ?? '', new RegExp(`^Battery ${stationBattery} belongs to station 1, not to EV 2\\.`))
    // Both ran (one reverted inside): finality watches both, since a fork could undo either.
    assert.deepEqual(confirmed, [[good.id, theirs.id]])
  })

  test('test_settle_skippedBecauseItsNonceRanAsAnotherRequest_failsAndIsNotWatched', async () => {
    const { settlement, finished, confirmed } = harness()
    const since = await chain.publicClient.getBlockNumber()
    const lost = relayEntryOf(await chain.sign(ev, discharge(evBattery, 30_000)), since)
    await chain.forward(ev, discharge(evBattery, 20_000))
    const other = relayEntryOf(await chain.sign(ev2, discharge(ev2Battery, 55_000)))
    const receipt = await executeBatch([lost, other])
    await settlement.settle([lost, other], receipt, undefined)
    assert.equal(finished.get(other.id)?.status, 'confirmed')
    const s = finished.get(lost.id)
    assert.equal(s?.status, 'failed')
    assert.match(s.error ?? '', /used by another request/)
    assert.deepEqual(confirmed, [[other.id]])
  })

  test('test_requeueOrFail_stillValid_putBackQueued_outOfAttemptsOrExpired_failed', async () => {
    const { settlement, finished, putBack, pauses } = harness(2)
    const fresh = relayEntryOf(await chain.sign(ev2, discharge(ev2Battery, 54_000)))
    const tired = { ...relayEntryOf(await chain.sign(ev, discharge(evBattery, 19_000))), attempts: 1 }
    const expired = relayEntryOf(await chain.sign(station, discharge(stationBattery, 50_000), { deadline: Math.floor(Date.now() / 1000) - 1 }))
    await settlement.requeueOrFail([fresh, tired, expired], 'the batch reverted')
    assert.equal(pauses(), 1)
    assert.deepEqual(putBack.map((b) => b.map((e) => e.id)), [[fresh.id]])
    assert.equal(fresh.status.status, 'queued')
    assert.equal(fresh.attempts, 1)
    assert.equal(finished.get(tired.id)?.error, 'the batch reverted (after 2 attempts)')
    assert.equal(finished.get(expired.id)?.error, 'the batch reverted')
    assert.equal(finished.has(fresh.id), false)

    // A lost receipt is no fault of the request: it does not count.
    await settlement.requeueOrFail([fresh], 'no receipt', { countAttempt: false })
    assert.equal(fresh.attempts, 1)
    assert.equal(putBack.length, 2)
  })
})
