import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { Hex, LocalAccount, Log } from 'viem'
import { createChainFollower, type ChainFollower } from '../../src/rich/events/createChainFollower.js'
import { createJournal } from '../../src/rich/events/createJournal.js'
import { createRecentBlocks } from '../../src/rich/events/createRecentBlocks.js'
import type { IndexedEvent } from '../../src/rich/events/IndexedEvent.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

// The chain index's catch-up and follow loop on a real anvil, with a fake state that records which logs it
// was given: every log once, in chunks for final blocks, and everything again after a fork deeper than kept.
describe('chain index part: follower', { timeout: 60_000 }, () => {
  let chain: TestChain
  let ev: LocalAccount
  let battery: number
  const followers: ChainFollower[] = []
  const rpc = <T>(method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never) as Promise<T>
  const addresses = () => [chain.deployment.batteryInterface, chain.deployment.batteryProcess, chain.deployment.balanceProcess, chain.deployment.forwarder]

  before(async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])) as [LocalAccount]
    battery = await chain.registerBattery(ev)
  })
  after(async () => {
    for (const f of followers) f.close()
    await chain?.stop()
  })

  function follow(o: { chunkSize: number; reorgDepth: number }) {
    const applied: string[] = []
    const heads: number[] = []
    let clears = 0
    let onHead = () => {}
    const logs: string[] = []
    const follower = createChainFollower({
      publicClient: chain.publicClient,
      addresses: addresses(),
      first: 0n,
      ...o,
      pollIntervalMs: 50,
      recent: createRecentBlocks({ reorgDepth: o.reorgDepth, journal: createJournal(), onRemoved: () => {} }),
      state: {
        applyLogs(ls: Log[]): IndexedEvent[] {
          applied.push(...ls.map((l) => `${l.transactionHash}-${l.logIndex}`))
          return []
        },
        clear() {
          clears += 1
          applied.length = 0
        },
      },
      onHead: (h) => {
        heads.push(h)
        onHead()
      },
      log: (l) => logs.push(l),
    })
    followers.push(follower)
    /** Resolves once the follower has indexed block `n`. */
    const reached = async (n: bigint) => {
      while (follower.head() < Number(n)) await new Promise<void>((r) => (onHead = r))
    }
    return { follower, applied, heads, clears: () => clears, reached, logs }
  }
  const logIds = async (toBlock: bigint) => (await chain.publicClient.getLogs({ address: addresses(), fromBlock: 0n, toBlock })).map((l) => `${l.transactionHash}-${l.logIndex}`)

  test('test_ready_caughtUpInChunks_everyLogOnceInChainOrder', async () => {
    const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
    const { follower, applied, heads } = follow({ chunkSize: 3, reorgDepth: 2 })
    await follower.ready
    assert.ok(follower.head() >= Number(head))
    assert.deepEqual(heads, [follower.head()])
    assert.deepEqual(applied, await logIds(BigInt(follower.head())))
  })

  test('test_follow_forkDeeperThanKept_forgetsAll_andIndexesAgainFromFirst', async () => {
    const f = follow({ chunkSize: 1000, reorgDepth: 1 })
    await f.follower.ready
    const snapshot = await rpc<Hex>('evm_snapshot')
    const receipt = await chain.forward(ev, dischargeCall(chain.deployment, { batteryId: battery, energyWh: 30_000, socPermille: 500, duration: 600 }))
    await f.reached(receipt.blockNumber + 2n)
    assert.ok(f.applied.some((id) => id.startsWith(receipt.transactionHash)))
    assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
    // The replacing chain grows past where the undone one was; the follower notices at its parent check.
    const grown = receipt.blockNumber + 4n
    await f.reached(grown)
    assert.equal(f.clears(), 1)
    assert.ok(f.logs.some((l) => /replaced more than the last 1 blocks; indexing again/.test(l)), f.logs.join('\n'))
    assert.ok(!f.applied.some((id) => id.startsWith(receipt.transactionHash)), 'the undone transaction is still indexed')
    assert.deepEqual(f.applied, await logIds(BigInt(f.follower.head())))
  })
})
