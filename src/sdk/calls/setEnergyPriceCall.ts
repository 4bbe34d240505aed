import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type SetEnergyPriceCallParameters = { pricePerKWh: bigint }

/**
 * Super account: sets the value (cents) of one kWh held in a battery.
 *
 * @example
 * const call = setEnergyPriceCall(deployment, { pricePerKWh: 50n })
 */
export function setEnergyPriceCall(d: Pick<Deployment, 'batteryInterface'>, p: SetEnergyPriceCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'setEnergyPrice', args: [p.pricePerKWh] }),
    gas: 60_000n,
    label: 'setEnergyPrice',
  }
}
