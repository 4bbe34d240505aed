import type { Address } from 'viem'
import { batteryInterfaceStorage } from '../abi/batteryInterfaceStorage.js'
import { mappingSlot } from './mappingSlot.js'

/**
 * BatteryInterface's slot holding `account`'s record: its role, its unit and whether it is suspended.
 *
 * @example
 * const slot = accountSlot(device.address)
 */
export function accountSlot(account: Address): bigint {
  return mappingSlot({ type: 'address', value: account }, batteryInterfaceStorage.vars._accounts.slot)
}
