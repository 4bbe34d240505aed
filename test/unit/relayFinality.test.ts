import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import { encodeFunctionData, type Hex, type LocalAccount, type TransactionReceipt } from 'viem'
import { createFinality, type Finality } from '../../src/rich/relay/createFinality.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { relayEntryOf } from '../helpers/relayEntry.js'

// Finality and forks alone, on a real anvil: evm_snapshot and evm_revert undo blocks as a Clique fork does
// (and drop their transactions). The batch is signed and sent by the test; settlement, the request book and
// the queue behind finality are fakes that record what they are given.
describe('relay stage: finality and forks', { timeout: 60_000 }, () => {
  const DEPTH = 4
  let chain: TestChain
  let ev: LocalAccount
  let battery: number
  const rpc = <T>(method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never) as Promise<T>

  before(async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 1 }])) as [LocalAccount]
    battery = await chain.registerBattery(ev)
  })
  after(() => chain?.stop())

  /** A finality stage whose settlement resolves `settled` / `requeued` when called. */
  function harness() {
    const tracked: string[] = []
    const calls: string[] = []
    let onSchedule = () => {}
    const scheduled = new Promise<void>((r) => (onSchedule = r))
    let onSettle: (r: TransactionReceipt) => void = () => {}
    let onRequeue: (why: string) => void = () => {}
    const settled = new Promise<TransactionReceipt>((r) => (onSettle = r))
    const requeued = new Promise<string>((r) => (onRequeue = r))
    const finality: Finality = createFinality({
      publicClient: chain.publicClient,
      finalityDepth: DEPTH,
      receiptPollMs: 50,
      receiptTimeoutMs: 20_000,
      track: (e) => tracked.push(`${e.id} ${e.status.status}`),
      settlement: {
        async settle(_batch, receipt) {
          calls.push('settle')
          onSettle(receipt)
        },
        async requeueOrFail(_batch, why) {
          calls.push('requeue')
          onRequeue(why)
        },
      },
      queue: { schedule: () => onSchedule() },
      log: () => {},
    })
    return { finality, tracked, calls, settled, requeued, scheduled }
  }

  /** One request in a batch transaction signed by dev key 1, as the relay's sender would: its receipt and raw form. */
  async function mined(energyWh: number): Promise<{ batch: RelayEntry[]; receipt: TransactionReceipt; raw: Hex }> {
    const batch = [relayEntryOf(await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: battery, energyWh, socPermille: Math.round(energyWh / 60), duration: 600 })))]
    const wallet = chain.wallet(1)
    const request = await wallet.prepareTransactionRequest({ account: wallet.account, chain: null, to: chain.deployment.forwarder, data: encodeBatch(batch, wallet.account.address), gas: 1_000_000n })
    const raw = await wallet.signTransaction({ ...request, chain: null } as never)
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: await chain.publicClient.sendRawTransaction({ serializedTransaction: raw }) })
    return { batch, receipt, raw }
  }
  /** Resolves once `DEPTH` blocks stand on `block` and the stage has had two more checks. */
  async function pastDepth(block: bigint): Promise<void> {
    await new Promise<void>((resolve) => {
      const stop = chain.publicClient.watchBlockNumber({ pollingInterval: 50, onBlockNumber: (n) => n >= block + BigInt(DEPTH) + 2n && (stop(), resolve()) })
    })
  }

  test('test_watch_blockStays_nonceHeldUntilFinal_thenFreed_nothingRedone', async () => {
    const { finality, calls } = harness()
    const { batch, receipt, raw } = await mined(50_000)
    finality.watch(batch, receipt, raw)
    assert.equal(finality.held(batch[0]!.id), batch[0]!.request.signature)
    await pastDepth(receipt.blockNumber)
    assert.equal(finality.held(batch[0]!.id), undefined)
    assert.deepEqual(finality.forks(), { moved: 0, resent: 0, requeued: 0 })
    assert.deepEqual(calls, [], 'a batch whose block stayed was settled or requeued again')
    finality.close()
  })

  test('test_watch_blockUndone_sameTransactionSentAgain_settledFromItsNewReceipt', async () => {
    const { finality, tracked, settled } = harness()
    const snapshot = await rpc<Hex>('evm_snapshot')
    const { batch, receipt, raw } = await mined(45_000)
    finality.watch(batch, receipt, raw)
    assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
    const again = await settled
    assert.equal(again.transactionHash, receipt.transactionHash)
    assert.notEqual(again.blockHash, receipt.blockHash)
    assert.deepEqual(finality.forks(), { moved: 0, resent: 1, requeued: 0 })
    // Its request was live again (sent) while the transaction was on its way back.
    assert.deepEqual(tracked, [`${batch[0]!.id} sent`])
    finality.close()
  })

  test('test_watch_blockReplacedWithTheTransactionInAnother_moved', async () => {
    const { finality, settled } = harness()
    const snapshot = await rpc<Hex>('evm_snapshot')
    const { batch, receipt, raw } = await mined(44_000)
    finality.watch(batch, receipt, raw)
    assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
    // The new chain takes the same transaction in a block of its own before the check comes.
    await chain.publicClient.sendRawTransaction({ serializedTransaction: raw })
    const moved = await settled
    assert.equal(moved.transactionHash, receipt.transactionHash)
    assert.deepEqual(finality.forks(), { moved: 1, resent: 0, requeued: 0 })
    finality.close()
  })

  test('test_watch_blockUndone_noSignedTransactionKept_requestsRequeued', async () => {
    const { finality, requeued, scheduled } = harness()
    const snapshot = await rpc<Hex>('evm_snapshot')
    const { batch, receipt } = await mined(43_000)
    finality.watch(batch, receipt, undefined)
    assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
    assert.match(await requeued, /was undone by a chain reorganization/)
    assert.deepEqual(finality.forks(), { moved: 0, resent: 0, requeued: 1 })
    // Then the queue is told, so the requeued requests leave without waiting for another arrival.
    await scheduled
    finality.close()
  })
})

function encodeBatch(batch: RelayEntry[], refundReceiver: Hex): Hex {
  return encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'executeBatch', args: [batch.map((e) => e.data), refundReceiver] })
}
