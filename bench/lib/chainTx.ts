import {
  type Account,
  type Chain,
  encodeFunctionData,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import { estimateBatchGas } from '../../src/rich/relay/estimateBatchGas.js'
import { splitBatchLogs, type ExecutedRequestLogs } from '../../src/rich/relay/splitBatchLogs.js'
import { toForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'

export type Wallet = WalletClient<Transport, Chain | undefined, Account>

/**
 * Sends calls as plain transactions from one funded account, all at once with consecutive nonces, and
 * waits for every receipt; throws if one reverts. The benchmarks' bootstrap (the super account's
 * registrations and grants, funding).
 *
 * @example
 * await sendDirect(wallet, client, [registerEVOwnerCall(d, { account, evId: 1 })])
 */
export async function sendDirect(
  wallet: Wallet,
  client: PublicClient,
  txs: readonly (EvswapCall | { to: `0x${string}`; value: bigint; label: string })[],
): Promise<TransactionReceipt[]> {
  let nonce = await client.getTransactionCount({ address: wallet.account.address, blockTag: 'pending' })
  const hashes: Hash[] = []
  for (const tx of txs) {
    hashes.push(
      await wallet.sendTransaction({
        account: wallet.account,
        chain: wallet.chain ?? null,
        to: tx.to,
        ...('data' in tx ? { data: tx.data, gas: tx.gas + 60_000n } : { value: tx.value, gas: 21_000n }),
        nonce: nonce++,
      }),
    )
  }
  const receipts = await Promise.all(hashes.map((hash) => client.waitForTransactionReceipt({ hash, timeout: 120_000, pollingInterval: 250 })))
  receipts.forEach((r, i) => {
    if (r.status !== 'success') throw new Error(`bootstrap transaction ${txs[i]!.label} reverted (${r.transactionHash})`)
  })
  return receipts
}

/**
 * Runs signed forward requests through the forwarder's `executeBatch` from a funded account, `chunk` per
 * transaction, all transactions at once; answers each executed request's logs in order. Throws when a
 * request did not run or reverted. Bootstrap only: the load itself goes through the stations' relays.
 *
 * @example
 * const executed = await executeBatches(wallet, client, deployment, signedRegistrations)
 */
export async function executeBatches(
  wallet: Wallet,
  client: PublicClient,
  deployment: Deployment,
  requests: readonly SignedForwardRequest[],
  chunk = 100,
): Promise<ExecutedRequestLogs[]> {
  let nonce = await client.getTransactionCount({ address: wallet.account.address, blockTag: 'pending' })
  const hashes: Hash[] = []
  for (let i = 0; i < requests.length; i += chunk) {
    const part = requests.slice(i, i + chunk)
    const data = encodeFunctionData({
      abi: evswapForwarderAbi,
      functionName: 'executeBatch',
      args: [part.map(toForwardRequestData), wallet.account.address],
    })
    hashes.push(
      await wallet.sendTransaction({
        account: wallet.account,
        chain: wallet.chain ?? null,
        to: deployment.forwarder,
        data,
        gas: estimateBatchGas(part.map((r) => BigInt(r.gas)), data),
        nonce: nonce++,
      }),
    )
  }
  const out: ExecutedRequestLogs[] = []
  for (const hash of hashes) {
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: 180_000, pollingInterval: 250 })
    if (receipt.status !== 'success') throw new Error(`bootstrap batch ${hash} reverted`)
    out.push(...splitBatchLogs(receipt.logs, deployment.forwarder))
  }
  const failed = out.filter((x) => !x.success)
  if (out.length !== requests.length || failed.length > 0) {
    throw new Error(`bootstrap batches: ${out.length} of ${requests.length} requests ran, ${failed.length} reverted`)
  }
  return out
}
