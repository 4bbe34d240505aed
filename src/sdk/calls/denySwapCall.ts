import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type DenySwapCallParameters = { swapId: number }

/**
 * Station: denies a pending swap; nothing moves, the escrow goes back.
 *
 * @example
 * const call = denySwapCall(deployment, { swapId: 1 })
 */
export function denySwapCall(d: Pick<Deployment, 'batteryInterface'>, p: DenySwapCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'denySwap', args: [p.swapId] }),
    gas: 200_000n,
    label: 'denySwap',
  }
}
