import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type ApproveSwapCallParameters = { swapId: number }

/**
 * Station: approves a pending swap; both batteries change hands and E-coin settles.
 *
 * @example
 * const call = approveSwapCall(deployment, { swapId: 1 })
 */
export function approveSwapCall(d: Pick<Deployment, 'batteryInterface'>, p: ApproveSwapCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'approveSwap', args: [p.swapId] }),
    gas: 300_000n,
    label: 'approveSwap',
  }
}
