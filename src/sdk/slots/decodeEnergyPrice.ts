import { batteryInterfaceStorage } from '../abi/batteryInterfaceStorage.js'
import { readPlace } from './readPlace.js'

/** BatteryInterface's slot holding its config (fees, pause, energy price): one word. */
export const CONFIG_SLOT = BigInt(batteryInterfaceStorage.vars._config.slot)

/**
 * The energy price, in E-coin cents per kWh, out of the proven word of BatteryInterface's config: the part
 * of a battery's price that is not the battery's own.
 *
 * @example
 * const perKWh = decodeEnergyPrice(proven.values[0])
 */
export function decodeEnergyPrice(configWord: bigint): bigint {
  return readPlace(new Map([[0n, configWord]]), 0n, batteryInterfaceStorage.structs.Config.energyPricePerKWh)
}
