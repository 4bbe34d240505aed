import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type ReleaseHoldCallParameters = { batteryId: number }

/**
 * Ends the hold on a battery: its EV at any time, anyone once it expired. The fee goes where the hold terms
 * say.
 *
 * @example
 * const call = releaseHoldCall(deployment, { batteryId: 3 })
 */
export function releaseHoldCall(d: Pick<Deployment, 'batteryInterface'>, p: ReleaseHoldCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'releaseHold', args: [p.batteryId] }),
    gas: 120_000n,
    label: 'releaseHold',
  }
}
