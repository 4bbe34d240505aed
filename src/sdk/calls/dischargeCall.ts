import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import { toConditionStruct } from '../passport/passportStructs.js'
import type { ConditionReading } from '../passport/passportTypes.js'

export type DischargeCallParameters = { batteryId: number; energyWh: number; socPermille: number; duration: number; /** What the battery's management system reports; only for a battery registered with a passport. */ condition?: ConditionReading }

/**
 * EV owner or station: records a discharge of a battery it owns and holds.
 *
 * @example
 * const call = dischargeCall(deployment, { batteryId: 1, energyWh: 12_000, socPermille: 600, duration: 3600 })
 */
export function dischargeCall(d: Pick<Deployment, 'batteryInterface'>, p: DischargeCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: p.condition
      ? encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'dischargeWithCondition', args: [p.batteryId, p.energyWh, p.socPermille, p.duration, toConditionStruct(p.condition)] })
      : encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'discharge', args: [p.batteryId, p.energyWh, p.socPermille, p.duration] }),
    gas: 120_000n,
    label: 'discharge',
  }
}
