import { batteryInterfaceStorage } from '../abi/batteryInterfaceStorage.js'
import { readPlace } from './readPlace.js'

const h = batteryInterfaceStorage.structs.Hold

/**
 * The hold on a battery out of the proven word of its slot (`holdSlot`); `until` 0 is no hold.
 *
 * @example
 * const { evUnit, until } = decodeHoldRecord(proven.values[0])
 */
export function decodeHoldRecord(word: bigint): { evUnit: number; stationUnit: number; until: number; fee: bigint } {
  const words = new Map([[0n, word]])
  return {
    evUnit: Number(readPlace(words, 0n, h.evUnit)),
    stationUnit: Number(readPlace(words, 0n, h.stationUnit)),
    until: Number(readPlace(words, 0n, h.until)),
    fee: readPlace(words, 0n, h.fee),
  }
}
