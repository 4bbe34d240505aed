import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import { toStaticInfoStruct, type StaticInfoRecord } from '../staticInfo.js'
import type { BatteryReading } from '../reads/types.js'
import { toConditionStruct, toPassportStruct } from '../passport/passportStructs.js'
import type { ConditionReading, PassportInfo } from '../passport/passportTypes.js'

export type RegisterBatteryCallParameters = {
  staticInfo: StaticInfoRecord
  reading: BatteryReading
  tag: `0x${string}`
  /** A battery file with passport fields registers them, with the condition its management system reports. */
  passport?: { info: PassportInfo; condition: ConditionReading }
}

/**
 * Device: registers a battery it found; `tag` (bytes32) lets it find the id after a crash. With `passport`,
 * `registerBatteryWithPassport`, which also writes the passport's two slots.
 *
 * @example
 * const call = registerBatteryCall(deployment, { staticInfo, reading, tag })
 */
export function registerBatteryCall(d: Pick<Deployment, 'batteryInterface'>, p: RegisterBatteryCallParameters): EvswapCall {
  const info = toStaticInfoStruct(p.staticInfo)
  if (p.passport) {
    return {
      to: d.batteryInterface,
      data: encodeFunctionData({
        abi: batteryInterfaceAbi,
        functionName: 'registerBatteryWithPassport',
        args: [info, p.reading, toPassportStruct(p.passport.info), toConditionStruct(p.passport.condition), p.tag],
      }),
      gas: 320_000n,
      label: 'registerBattery',
    }
  }
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'registerBattery', args: [info, p.reading, p.tag] }),
    gas: 250_000n,
    label: 'registerBattery',
  }
}
