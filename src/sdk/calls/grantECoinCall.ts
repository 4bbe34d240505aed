import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type GrantECoinCallParameters = { to: `0x${string}`; amount: bigint }

/**
 * Super account: mints E-coin (in cents) to a registered account.
 *
 * @example
 * const call = grantECoinCall(deployment, { to, amount: 100_00n })
 */
export function grantECoinCall(d: Pick<Deployment, 'batteryInterface'>, p: GrantECoinCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'grantECoin', args: [p.to, p.amount] }),
    gas: 100_000n,
    label: 'grantECoin',
  }
}
