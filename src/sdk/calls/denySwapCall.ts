import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import type { SwapTerms } from './SwapTerms.js'

export type DenySwapCallParameters = SwapTerms

/**
 * Station: denies a pending swap; nothing moves, the escrow goes back. Names the swap's terms, as approval
 * does (see SwapTerms).
 *
 * @example
 * const call = denySwapCall(deployment, { swapId: 1, evBatteryId: 7, stationBatteryId: 3, difference: 1500n })
 */
export function denySwapCall(d: Pick<Deployment, 'batteryInterface'>, p: DenySwapCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'denySwap', args: [p.swapId, p.evBatteryId, p.stationBatteryId, p.difference] }),
    gas: 200_000n,
    label: 'denySwap',
  }
}
