import { batteryInterfaceStorage } from '../abi/batteryInterfaceStorage.js'
import { roleNames } from '../enums.js'
import type { AccountView } from '../reads/types.js'
import { readPlace } from './readPlace.js'

const a = batteryInterfaceStorage.structs.Account

/**
 * An account's role, unit and suspension out of the proven word of its record (`accountSlot`).
 *
 * @example
 * const { role, unit, suspended } = decodeAccountRecord(proven.values[0])
 */
export function decodeAccountRecord(word: bigint): Pick<AccountView, 'role' | 'unit' | 'suspended'> {
  const words = new Map([[0n, word]])
  return {
    role: roleNames[Number(readPlace(words, 0n, a.role))] ?? 'None',
    unit: Number(readPlace(words, 0n, a.unit)),
    suspended: readPlace(words, 0n, a.suspended) !== 0n,
  }
}
