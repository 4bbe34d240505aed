import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type CancelSwapCallParameters = { swapId: number }

/**
 * EV owner: cancels its pending swap; the escrow goes back.
 *
 * @example
 * const call = cancelSwapCall(deployment, { swapId: 1 })
 */
export function cancelSwapCall(d: Pick<Deployment, 'batteryInterface'>, p: CancelSwapCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'cancelSwap', args: [p.swapId] }),
    gas: 200_000n,
    label: 'cancelSwap',
  }
}
