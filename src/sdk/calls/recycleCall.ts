import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type RecycleCallParameters = { batteryId: number }

/**
 * Station: takes a battery out of service for good.
 *
 * @example
 * const call = recycleCall(deployment, { batteryId: 2 })
 */
export function recycleCall(d: Pick<Deployment, 'batteryInterface'>, p: RecycleCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'recycle', args: [p.batteryId] }),
    gas: 120_000n,
    label: 'recycle',
  }
}
