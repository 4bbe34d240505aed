import { batteryInterfaceStorage } from '../abi/batteryInterfaceStorage.js'
import { mappingSlot } from './mappingSlot.js'

/**
 * BatteryInterface's slot holding the hold on `batteryId`: for which EV, at which station, until when, its fee.
 *
 * @example
 * const slot = holdSlot(3)
 */
export function holdSlot(batteryId: number): bigint {
  return mappingSlot({ type: 'uint', value: batteryId }, batteryInterfaceStorage.vars._holds.slot)
}
