import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import type { SwapTerms } from './SwapTerms.js'

export type ApproveSwapCallParameters = SwapTerms

/**
 * Station: approves a pending swap; both batteries change hands and E-coin settles. Names the swap's terms
 * as the operator saw them, so a fork that gave the id to another request makes it revert (see SwapTerms).
 *
 * @example
 * const call = approveSwapCall(deployment, { swapId: 1, evBatteryId: 7, stationBatteryId: 3, difference: 1500n })
 */
export function approveSwapCall(d: Pick<Deployment, 'batteryInterface'>, p: ApproveSwapCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'approveSwap', args: [p.swapId, p.evBatteryId, p.stationBatteryId, p.difference] }),
    gas: 300_000n,
    label: 'approveSwap',
  }
}
