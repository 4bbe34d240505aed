import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type HoldBatteryCallParameters = { batteryId: number }

/**
 * EV owner: holds a station battery for its EV for the hold duration, escrowing the hold fee; nobody else may
 * request it meanwhile, and the EV's own swap request for it gives the fee back.
 *
 * @example
 * const call = holdBatteryCall(deployment, { batteryId: 3 })
 */
export function holdBatteryCall(d: Pick<Deployment, 'batteryInterface'>, p: HoldBatteryCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'holdBattery', args: [p.batteryId] }),
    // An expired hold of the EV and one of the battery may both end first: two fee transfers and two events.
    gas: 250_000n,
    label: 'holdBattery',
  }
}
