import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type ReportChargingCallParameters = { batteryId: number; energyWh: number; socPermille: number }

/**
 * Station: reports a charge in progress of a battery it owns and holds (its reading now), so that EVs see it
 * charging; counts no charge and takes no fee. The charge itself is recorded by {@link chargeCall} when it ends.
 *
 * @example
 * const call = reportChargingCall(deployment, { batteryId: 2, energyWh: 12_800, socPermille: 640 })
 */
export function reportChargingCall(d: Pick<Deployment, 'batteryInterface'>, p: ReportChargingCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'reportCharging', args: [p.batteryId, p.energyWh, p.socPermille] }),
    gas: 80_000n,
    label: 'reportCharging',
  }
}
