import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { Hex, LocalAccount } from 'viem'
import { createRelay, type Relay } from '../../src/rich/relay/createRelay.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

// A Clique fork can replace the block a relayed request was confirmed from. anvil's snapshot and revert
// undo blocks the same way (and drop their transactions), so the relay's recovery is tested on a real node.
describe('relay after a chain reorganization', () => {
  let chain: TestChain
  let relay: Relay
  let ev: LocalAccount
  let battery: number
  const logs: string[] = []

  before(async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])) as [LocalAccount]
    battery = await chain.registerBattery(ev)
    // 8 blocks (2 s) before the check: time to undo the block and to try a second request at the same nonce.
    relay = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(1), deployment: chain.deployment, batchIntervalMs: 50, finalityDepth: 8, log: (l) => logs.push(l) })
  })
  after(async () => {
    await relay?.close()
    await chain?.stop()
  })

  const discharge = (energyWh: number) => dischargeCall(chain.deployment, { batteryId: battery, energyWh, socPermille: Math.round(energyWh / 60), duration: 600 })
  const rpc = <T>(method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never) as Promise<T>

  test('test_confirmedRequest_blockUndone_runsAgain_andItsNonceIsHeldMeanwhile', async () => {
    const nonce = await getForwarderNonce(chain.publicClient, chain.deployment, ev.address)
    const snapshot = await rpc<Hex>('evm_snapshot')
    const a = await chain.sign(ev, discharge(55_000))
    const r = await relay.submit(a)
    assert.ok(r.accepted, JSON.stringify(r))
    const first = await relay.waitFor(r.id, 20_000)
    assert.equal(first?.status, 'confirmed', JSON.stringify(first))
    assert.equal((await getBattery(chain.publicClient, chain.deployment, battery))?.dynamicInfo.energyWh, 55_000)

    // The fork: the block that held the batch is gone, and so is its transaction.
    assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
    assert.equal(await getForwarderNonce(chain.publicClient, chain.deployment, ev.address), nonce)

    // The chain offers the nonce again; a different request at it would take the confirmed one's place.
    const b = await chain.sign(ev, discharge(40_000), { nonce })
    const refused = await relay.submit(b)
    assert.ok(!refused.accepted, 'a second request at the nonce of an undone confirmed one was accepted')
    assert.equal(refused.refusal.code, 'reorg_pending', JSON.stringify(refused.refusal))
    assert.equal(refused.refusal.status, 409)
    // The same request again is the one the relay is running: a duplicate, followed under its id.
    const same = await relay.submit(a)
    assert.ok(!same.accepted)
    assert.equal(same.refusal.code, 'duplicate')

    // The relay finds the batch gone once 8 blocks stand where it was, and sends the same transaction again.
    await chain.publicClient.waitForTransactionReceipt({ hash: first.txHash!, timeout: 30_000, checkReplacement: false }).catch((e: unknown) => {
      throw new Error(`the undone request did not run again (${String(e)}); relay log:\n${logs.join('\n')}`)
    })
    assert.equal(await getForwarderNonce(chain.publicClient, chain.deployment, ev.address), nonce + 1n)
    assert.equal((await getBattery(chain.publicClient, chain.deployment, battery))?.dynamicInfo.energyWh, 55_000)
    const again = await relay.waitFor(r.id, 20_000)
    assert.equal(again?.status, 'confirmed', JSON.stringify(again))
    assert.equal(again.txHash, first.txHash)
    assert.notEqual(again.blockNumber, undefined)
    assert.deepEqual(relay.stats().forks, { moved: 0, resent: 1, requeued: 0 })
    assert.ok(logs.some((l) => /undone by a chain reorganization; sending it again/.test(l)), logs.join('\n'))

    // Now the nonce has moved on, and the other request is what it is: stale.
    const late = await relay.submit(b)
    assert.ok(!late.accepted)
    assert.equal(late.refusal.code, 'replayed')
  })

  test('test_skippedRequest_nonceUsedByAnotherRequest_failsInsteadOfTakingItsResult', async () => {
    // The request waits in the queue (long batch interval) while another request of the same key, at the
    // same nonce, runs: what a device signs when a fork had undone its last request.
    const slow = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(2), deployment: chain.deployment, batchIntervalMs: 1500 })
    try {
      const nonce = await getForwarderNonce(chain.publicClient, chain.deployment, ev.address)
      const queued = await slow.submit(await chain.sign(ev, discharge(30_000), { nonce }))
      assert.ok(queued.accepted, JSON.stringify(queued))
      await chain.forward(ev, discharge(20_000))
      assert.equal(await getForwarderNonce(chain.publicClient, chain.deployment, ev.address), nonce + 1n)
      const s = await slow.waitFor(queued.id, 20_000)
      assert.equal(s?.status, 'failed', JSON.stringify(s))
      assert.match(s.error ?? '', /used by another request/)
      assert.equal((await getBattery(chain.publicClient, chain.deployment, battery))?.dynamicInfo.energyWh, 20_000)
    } finally {
      await slow.close()
    }
  })
})
