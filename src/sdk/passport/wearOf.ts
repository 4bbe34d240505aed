import { batteryHealth } from './batteryHealth.js'
import type { ConditionReading, PassportInfo } from './passportTypes.js'

/**
 * The wear a battery's price takes from its health (docs/price.md): 0 without a passport or a reading, as
 * the contract's `priceInputsOf` answers.
 *
 * @example
 * batteryPrice(record.staticInfo, record.dynamicInfo, energyPrice, timestamp, wearOf(record))
 */
export function wearOf(record: { passport: PassportInfo | null; condition: ConditionReading | null }): bigint {
  return record.passport && record.condition ? batteryHealth(record.passport, record.condition).wear : 0n
}
