import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import { toConditionStruct } from '../passport/passportStructs.js'
import type { ConditionReading } from '../passport/passportTypes.js'

export type ChargeCallParameters = { batteryId: number; energyWh: number; socPermille: number; duration: number; /** What the battery's management system reports; only for a battery registered with a passport. */ condition?: ConditionReading }

/**
 * Station: records a charge of a battery it owns and holds.
 *
 * @example
 * const call = chargeCall(deployment, { batteryId: 2, energyWh: 20_000, socPermille: 1000, duration: 1800 })
 */
export function chargeCall(d: Pick<Deployment, 'batteryInterface'>, p: ChargeCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: p.condition
      ? encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'chargeWithCondition', args: [p.batteryId, p.energyWh, p.socPermille, p.duration, toConditionStruct(p.condition)] })
      : encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'charge', args: [p.batteryId, p.energyWh, p.socPermille, p.duration] }),
    gas: 120_000n,
    label: 'charge',
  }
}
