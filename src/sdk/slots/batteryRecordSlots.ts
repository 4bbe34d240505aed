import { batteryProcessStorage } from '../abi/batteryProcessStorage.js'
import { mappingSlot } from './mappingSlot.js'

const record = batteryProcessStorage.structs.Record
/** How many slots one battery record spans. */
export const BATTERY_RECORD_SLOTS = Math.max(...Object.values(record).map((p) => p.slot)) + 1

/**
 * The slots of battery `id`'s record in BatteryProcess: its static info, counters and dynamic info, all a
 * device writes into a battery file or compares with one.
 *
 * @example
 * const slots = batteryRecordSlots(7) // [first, first + 1, first + 2]
 */
export function batteryRecordSlots(id: number): bigint[] {
  const first = mappingSlot({ type: 'uint', value: id }, batteryProcessStorage.vars._records.slot)
  return Array.from({ length: BATTERY_RECORD_SLOTS }, (_, i) => first + BigInt(i))
}
