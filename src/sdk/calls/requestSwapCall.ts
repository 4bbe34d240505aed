import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type RequestSwapCallParameters = { evBatteryId: number; stationBatteryId: number; maxCost: bigint }

/**
 * EV owner: asks to swap its battery for a station's, paying at most `maxCost` cents (difference + fee).
 *
 * @example
 * const call = requestSwapCall(deployment, { evBatteryId: 1, stationBatteryId: 3, maxCost: quote.cost })
 */
export function requestSwapCall(d: Pick<Deployment, 'batteryInterface'>, p: RequestSwapCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'requestSwap', args: [p.evBatteryId, p.stationBatteryId, p.maxCost] }),
    gas: 300_000n,
    label: 'requestSwap',
  }
}
