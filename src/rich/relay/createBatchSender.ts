import { encodeFunctionData, type Account, type Chain, type Hash, type Hex, type PublicClient, type TransactionReceipt, type Transport, type WalletClient } from 'viem'
import { evswapForwarderAbi } from '../../sdk/abi/evswapForwarder.js'
import type { Deployment } from '../../sdk/deployment.js'
import { createLatencyWindow, type LatencySummary } from './createLatencyWindow.js'
import { estimateBatchGas } from './estimateBatchGas.js'
import type { LastBatch } from './LastBatch.js'
import type { RelayEntry } from './RelayEntry.js'
import type { Settlement } from './createSettlement.js'
import { shortError } from './shortError.js'

export type CreateBatchSenderParameters = {
  publicClient: PublicClient
  /** The relayer's key: it signs the batch transactions and pays their gas. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  deployment: Deployment
  /** The node's chain id (shared with admission, asked once). */
  chainId(): Promise<number>
  /** How long to wait for a batch's receipt before the settlement looks on chain for what happened. */
  receiptTimeoutMs: number
  /** How often a batch's receipt is looked for. */
  receiptPollMs: number
  /** Where a mined batch goes, and a batch that could not be sent, was lost or reverted as a whole. */
  settlement: Pick<Settlement, 'settle' | 'requeueOrFail'>
  log(line: string): void
}

export type BatchSender = {
  /** Sends one batch, waits for its receipt and hands it to the settlement; on failure its requests go back. */
  run(batch: RelayEntry[]): Promise<void>
  /** Batches sent; time from queued to sent and from sent to mined; requests per batch. */
  stats(): { batches: number; queue: LatencySummary; mined: LatencySummary; batchSize: LatencySummary }
  /** The batch sent last and what became of it; null before the first. */
  lastBatch(): LastBatch | null
}

type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }

/**
 * The relay's sending: each batch becomes an `executeBatch` transaction on the forwarder, signed with the
 * relayer's next nonce in order, then sent without waiting for the sends before it: geth's pool answers
 * slowly while it resets on each new block, and sending one at a time held batches back for half a second.
 * A send that fails leaves a nonce gap; the next nonce is then read from the node's pending count, which is
 * the gap, so the requeued batch fills it.
 *
 * @example
 * const sender = createBatchSender({ publicClient, walletClient, deployment, chainId, receiptTimeoutMs: 120_000, receiptPollMs: 100, settlement, log })
 * await sender.run(batch)
 */
export function createBatchSender(p: CreateBatchSenderParameters): BatchSender {
  const { publicClient, walletClient, deployment, settlement, log } = p
  const relayer = walletClient.account.address
  /** The relayer's next nonce, or undefined when it must be read again from the node. */
  let relayerNonce: number | undefined
  /** The tail of the serial signing chain. */
  let signing: Promise<unknown> = Promise.resolve()
  let fees: { at: number; value: Fees } | undefined
  let batches = 0
  let last: LastBatch | null = null
  const windows = { queue: createLatencyWindow(), mined: createLatencyWindow(), batchSize: createLatencyWindow() }

  async function run(batch: RelayEntry[]): Promise<void> {
    const calldata = encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'executeBatch', args: [batch.map((e) => e.data), relayer] })
    const gas = estimateBatchGas(batch.map((e) => e.gas), calldata)
    let hash: Hash
    let raw: Hex | undefined
    try {
      ;({ hash, raw } = await sendInOrder(calldata, gas))
    } catch (e) {
      const why = shortError(e)
      log(`relay: could not send a batch of ${batch.length}: ${why}`)
      await settlement.requeueOrFail(batch, `the relay could not send it: ${why}`)
      return
    }
    batches += 1
    const sentAt = performance.now()
    // Batches leave without waiting for each other: an older one's receipt must not overwrite a newer one.
    const mine: LastBatch = { size: batch.length, txHash: hash, sentAt: Date.now(), outcome: 'sent' }
    last = mine
    windows.batchSize.add(batch.length)
    for (const e of batch) {
      e.status = { id: e.id, status: 'sent', txHash: hash }
      windows.queue.add(sentAt - e.queuedAt)
    }
    let receipt: TransactionReceipt
    try {
      // No replacement check: only this relay sends from its key, and a lost transaction times out and is requeued.
      receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: p.receiptTimeoutMs, pollingInterval: p.receiptPollMs, checkReplacement: false })
    } catch (e) {
      relayerNonce = undefined
      mine.outcome = 'no_receipt'
      log(`relay: no receipt for ${hash}: ${e instanceof Error ? e.message : String(e)}`)
      // A halted chain (too few signers, a deadlock) is no fault of the requests: they keep their place
      // until they run or their deadline passes, however long the halt.
      await settlement.requeueOrFail(batch, `no receipt for ${hash}`, { countAttempt: false })
      return
    }
    Object.assign(mine, { outcome: receipt.status === 'success' ? 'mined' : 'reverted', blockNumber: Number(receipt.blockNumber), gasUsed: receipt.gasUsed })
    if (receipt.status !== 'success') {
      log(`relay: batch ${hash} reverted as a whole (gas used ${receipt.gasUsed} of ${gas})`)
      await settlement.requeueOrFail(batch, `the batch transaction ${hash} reverted`)
      return
    }
    windows.mined.add(performance.now() - sentAt)
    await settlement.settle(batch, receipt, raw)
  }

  /** Signs with the relayer's next nonce, in order, and sends without waiting for the sends before. */
  async function sendInOrder(calldata: Hex, gas: bigint): Promise<{ hash: Hash; raw: Hex | undefined }> {
    const signed = signing.then(async () => {
      try {
        relayerNonce ??= await publicClient.getTransactionCount({ address: relayer, blockTag: 'pending' })
        const tx = await signBatch(calldata, gas, relayerNonce)
        relayerNonce += 1
        return tx
      } catch (e) {
        relayerNonce = undefined
        throw e
      }
    })
    signing = signed.catch(() => undefined)
    const tx = await signed
    try {
      return { hash: await tx.send(), raw: tx.raw }
    } catch (e) {
      // Our nonce may be off (another process used the key, a node restarted): read it again next time.
      relayerNonce = undefined
      throw e
    }
  }

  /** The signed batch transaction, ready to send. */
  async function signBatch(calldata: Hex, gas: bigint, nonce: number): Promise<{ send: () => Promise<Hash>; raw?: Hex }> {
    const account = walletClient.account
    // A local key signs here and the node gets the raw transaction: no eth_chainId, fee or nonce round trips
    // per batch, which matter when a batch leaves every 100 ms.
    if (account.type !== 'local' || !account.signTransaction) {
      const hash = await walletClient.sendTransaction({ account, chain: walletClient.chain ?? null, to: deployment.forwarder, data: calldata, gas, nonce })
      return { send: async () => hash }
    }
    const serializedTransaction = await account.signTransaction({ type: 'eip1559', chainId: await p.chainId(), to: deployment.forwarder, data: calldata, gas, nonce, ...(await feesPerGas()) })
    return { send: () => publicClient.sendRawTransaction({ serializedTransaction }), raw: serializedTransaction }
  }

  /** EIP-1559 fees, asked of the node at most once a block period or so: they hardly move on a private chain. */
  async function feesPerGas(): Promise<Fees> {
    const now = performance.now()
    if (!fees || now - fees.at > 1000) {
      const f = await publicClient.estimateFeesPerGas({ type: 'eip1559', chain: null })
      // Twice the base fee leaves room for it to rise for several full blocks while a batch waits.
      fees = { at: now, value: { maxFeePerGas: f.maxFeePerGas * 2n, maxPriorityFeePerGas: f.maxPriorityFeePerGas } }
    }
    return fees.value
  }

  return {
    run,
    stats: () => ({ batches, queue: windows.queue.summary(), mined: windows.mined.summary(), batchSize: windows.batchSize.summary() }),
    lastBatch: () => (last ? { ...last } : null),
  }
}
