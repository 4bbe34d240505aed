import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import { toStaticInfoStruct, type StaticInfoRecord } from '../staticInfo.js'
import type { BatteryReading } from '../reads/types.js'
export type RegisterBatteryCallParameters = { staticInfo: StaticInfoRecord; reading: BatteryReading; tag: `0x${string}` }

/**
 * Device: registers a battery it found; `tag` (bytes32) lets it find the id after a crash.
 *
 * @example
 * const call = registerBatteryCall(deployment, { staticInfo, reading, tag })
 */
export function registerBatteryCall(d: Pick<Deployment, 'batteryInterface'>, p: RegisterBatteryCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'registerBattery', args: [toStaticInfoStruct(p.staticInfo), p.reading, p.tag] }),
    gas: 250_000n,
    label: 'registerBattery',
  }
}
