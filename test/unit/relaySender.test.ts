import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import { createWalletClient, http, parseEther, type LocalAccount, type TransactionReceipt } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createBatchSender } from '../../src/rich/relay/createBatchSender.js'
import { createChainIdReader } from '../../src/rich/relay/createChainIdReader.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { startTestChain, type TestChain, type Wallet } from '../helpers/chain.js'
import { relayEntryOf } from '../helpers/relayEntry.js'

// Sending alone, on a real anvil: the settlement behind it is a fake that records what it is handed.
describe('relay stage: sending', () => {
  let chain: TestChain
  let evs: LocalAccount[]
  let batteries: number[]

  before(async () => {
    chain = await startTestChain()
    evs = await chain.registerDevices([1, 2, 3].map((unitId) => ({ role: 'EVOwner' as const, unitId })))
    batteries = await Promise.all(evs.map((ev) => chain.registerBattery(ev)))
  })
  after(() => chain?.stop())

  function harness(walletClient: Wallet) {
    const settled: { ids: string[]; receipt: TransactionReceipt; sentStatus: string[] }[] = []
    const requeued: { ids: string[]; why: string; countAttempt?: boolean }[] = []
    const sender = createBatchSender({
      publicClient: chain.publicClient,
      walletClient,
      deployment: chain.deployment,
      chainId: createChainIdReader(chain.publicClient),
      receiptTimeoutMs: 20_000,
      receiptPollMs: 50,
      settlement: {
        async settle(batch, receipt) {
          settled.push({ ids: batch.map((e) => e.id), receipt, sentStatus: batch.map((e) => `${e.status.status} ${e.status.txHash}`) })
        },
        async requeueOrFail(batch, why, o) {
          requeued.push({ ids: batch.map((e) => e.id), why, countAttempt: o?.countAttempt })
        },
      },
      log: () => {},
    })
    return { sender, settled, requeued }
  }
  const entry = async (i: number, energyWh: number): Promise<RelayEntry> =>
    relayEntryOf(await chain.sign(evs[i]!, dischargeCall(chain.deployment, { batteryId: batteries[i]!, energyWh, socPermille: Math.round(energyWh / 60), duration: 600 })))

  test('test_run_twoBatchesAtOnce_consecutiveRelayerNonces_bothMinedAndSettled', async () => {
    const wallet = chain.wallet(1)
    const { sender, settled, requeued } = harness(wallet)
    const first = await chain.publicClient.getTransactionCount({ address: wallet.account.address, blockTag: 'pending' })
    const a = [await entry(0, 50_000), await entry(1, 50_000)]
    const b = [await entry(2, 50_000)]
    await Promise.all([sender.run(a), sender.run(b)])
    assert.deepEqual(requeued, [])
    assert.deepEqual(settled.map((s) => s.ids).sort(), [a.map((e) => e.id), b.map((e) => e.id)].sort())
    for (const s of settled) {
      assert.equal(s.receipt.status, 'success')
      // Each request was marked sent in that transaction before its receipt was handed on.
      assert.deepEqual(s.sentStatus, s.ids.map(() => `sent ${s.receipt.transactionHash}`))
    }
    const nonces = await Promise.all(settled.map(async (s) => (await chain.publicClient.getTransaction({ hash: s.receipt.transactionHash })).nonce))
    assert.deepEqual(nonces.sort(), [first, first + 1])
    const stats = sender.stats()
    assert.equal(stats.batches, 2)
    assert.equal(stats.batchSize.count, 2)
    assert.equal(stats.queue.count, 3)
    // The batch sent last, with its receipt's block and gas (the two left together, so either may be last).
    const last = sender.lastBatch()
    const its = settled.find((s) => s.receipt.transactionHash === last?.txHash)
    assert.ok(last && its, 'the last batch is one of the two sent')
    assert.deepEqual({ ...last, sentAt: 0 }, { size: its.ids.length, txHash: its.receipt.transactionHash, sentAt: 0, outcome: 'mined', blockNumber: Number(its.receipt.blockNumber), gasUsed: its.receipt.gasUsed })
    assert.ok(Math.abs(last.sentAt - Date.now()) < 60_000)
  })

  test('test_run_RevertWhen_relayerCannotPay_requeuedWithWhy_thenNonceReadAgain', async () => {
    const poor = privateKeyToAccount(generatePrivateKey())
    const wallet: Wallet = createWalletClient({ account: poor, transport: http(chain.url), pollingInterval: 50 })
    const { sender, settled, requeued } = harness(wallet)
    const batch = [await entry(0, 40_000)]
    await sender.run(batch)
    assert.equal(requeued.length, 1)
    assert.deepEqual(requeued[0]!.ids, batch.map((e) => e.id))
    assert.match(requeued[0]!.why, /^the relay could not send it: /)
    assert.equal(requeued[0]!.countAttempt, undefined, 'a send error counts as an attempt')
    assert.equal(sender.stats().batches, 0)
    assert.equal(sender.lastBatch(), null, 'a batch that never left is no last batch')

    // Funded now: the failed send's nonce was not kept, so the next batch goes out at nonce 0 and lands.
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.deployer.sendTransaction({ account: chain.deployer.account, chain: null, to: poor.address, value: parseEther('1') }) })
    await sender.run(batch)
    assert.equal(settled.length, 1)
    assert.equal(settled[0]!.receipt.status, 'success')
    assert.equal((await chain.publicClient.getTransaction({ hash: settled[0]!.receipt.transactionHash })).nonce, 0)
  })
})
