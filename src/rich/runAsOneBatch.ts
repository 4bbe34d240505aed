import { parseEventLogs, type Account, type Chain, type LocalAccount, type PublicClient, type Transport, type WalletClient } from 'viem'
import { evswapForwarderAbi } from '../sdk/abi/evswapForwarder.js'
import type { EvswapCall } from '../sdk/calls/EvswapCall.js'
import type { Deployment } from '../sdk/deployment.js'
import { signForwardRequest } from '../sdk/forwarder/signForwardRequest.js'
import { EvswapError } from '../sdk/errors/EvswapError.js'
import { toForwardRequestData } from './relay/toForwardRequestData.js'

export type RunAsOneBatchParameters = {
  publicClient: PublicClient
  /** Sends the batch and pays its gas (the account keeps no Ether). */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  deployment: Deployment
  /** Whose calls they are: each is signed at the next forwarder nonce, in order. */
  account: LocalAccount
  calls: EvswapCall[]
}

/**
 * Runs `calls` as `account` in one forwarder `executeBatch`, in one block, instead of one device operation
 * (and one block) each: the demo's first start sets up its network this way, the super account's dozen
 * setup calls in about a second instead of ten. Throws, naming the first call, when any of them did not run.
 *
 * @example
 * const block = await runAsOneBatch({ publicClient, walletClient, deployment, account: superKey, calls: [registerEVOwnerCall(d, args)] })
 */
export async function runAsOneBatch(p: RunAsOneBatchParameters): Promise<bigint> {
  const first = await p.publicClient.readContract({ address: p.deployment.forwarder, abi: evswapForwarderAbi, functionName: 'nonces', args: [p.account.address] })
  const deadline = Math.floor(Date.now() / 1000) + 600
  const signed = await Promise.all(p.calls.map((call, i) => signForwardRequest({ account: p.account, deployment: p.deployment, call, nonce: first + BigInt(i), deadline })))
  const hash = await p.walletClient.writeContract({
    address: p.deployment.forwarder,
    abi: evswapForwarderAbi,
    functionName: 'executeBatch',
    chain: p.walletClient.chain ?? null,
    // No refund receiver: a request the forwarder finds invalid (signature, nonce, deadline) reverts the batch.
    args: [signed.map(toForwardRequestData), '0x0000000000000000000000000000000000000000'],
  })
  const receipt = await p.publicClient.waitForTransactionReceipt({ hash })
  const ran = parseEventLogs({ abi: evswapForwarderAbi, eventName: 'ExecutedForwardRequest', logs: receipt.logs })
  // A call that reverts inside a valid request does not revert the batch: its event says so.
  const failed = p.calls.findIndex((_, i) => ran[i]?.args.success !== true)
  if (receipt.status !== 'success' || failed >= 0) {
    const what = failed >= 0 ? `call ${failed + 1}, ${p.calls[failed]!.label}, failed` : 'the transaction reverted'
    throw new EvswapError(`the batch of ${p.calls.length} calls did not run whole: ${what} (transaction ${hash})`, {
      hint: 'run each call on its own to see why',
    })
  }
  return receipt.blockNumber
}
