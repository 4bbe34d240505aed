import type { Account, Chain, Hash, Transport, WalletClient } from 'viem'
import type { EvswapCall } from './calls/EvswapCall.js'

/**
 * Sends a call as a plain transaction from an account that holds Ether (the paper's way; the super
 * account's bootstrap; benchmarks' baseline).
 *
 * @example
 * const hash = await sendCall(walletClient, chargeCall(deployment, { batteryId: 2, energyWh: 20_000, socPermille: 1000, duration: 1800 }))
 */
export function sendCall(
  walletClient: WalletClient<Transport, Chain | undefined, Account>,
  call: EvswapCall,
  opts: { nonce?: number; gas?: bigint } = {},
): Promise<Hash> {
  return walletClient.sendTransaction({
    account: walletClient.account,
    chain: walletClient.chain ?? null,
    to: call.to,
    data: call.data,
    gas: opts.gas ?? call.gas + 60_000n,
    ...(opts.nonce === undefined ? {} : { nonce: opts.nonce }),
  })
}
