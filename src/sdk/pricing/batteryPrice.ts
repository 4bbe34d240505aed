import type { BatteryReading } from '../reads/types.js'
import type { StaticInfoRecord } from '../staticInfo.js'

const ONE = 10n ** 18n
/** An average Gregorian month in seconds (365.2425 / 12 days), as the contract counts a battery's age. */
const MONTH = 2_629_746n

/**
 * A battery's price in E-coin cents, by the contract's formula (contracts/src/BatteryPricing.sol,
 * docs/price.md) to the cent: what a device writes into a battery file from values it proved, without
 * asking a station to compute it. `timestamp` is the block time the price is for, in seconds.
 *
 * @example
 * const cents = batteryPrice(record.staticInfo, record.dynamicInfo, 30n, header.timestamp, wearOf(record))
 */
export function batteryPrice(
  s: StaticInfoRecord,
  d: Pick<BatteryReading, 'energyWh' | 'chargingCount' | 'dischargingCount' | 'chargingTotalTime' | 'dischargingTotalTime'>,
  energyPricePerKWh: bigint,
  timestamp: bigint,
  /** The health's wear (`batteryHealth`), a fraction of 10^18; 0 for a battery without a passport. */
  wear = 0n,
): bigint {
  const used = [
    wear > ONE ? ONE : wear,
    fraction(d.chargingCount, s.maxChargingCount),
    fraction(d.dischargingCount, s.maxDischargingCount),
    fraction(d.chargingTotalTime, s.maxChargingTotalTime),
    fraction(d.dischargingTotalTime, s.maxDischargingTotalTime),
    fraction(ageMonths(s.manufactureYear, s.manufactureMonth, timestamp), BigInt(s.maxYearLimited) * 12n),
  ].reduce((a, b) => (a > b ? a : b), 0n)
  return (s.manufacturePrice * (ONE - used)) / ONE + (BigInt(d.energyWh) * energyPricePerKWh) / 1000n
}

function fraction(used: number | bigint, limit: number | bigint): bigint {
  const u = BigInt(used)
  const l = BigInt(limit)
  return u >= l ? ONE : (u * ONE) / l
}

/** Whole months from the first day of the manufacture month to `timestamp`; 0 before it. */
function ageMonths(year: number, month: number, timestamp: bigint): bigint {
  const made = BigInt(Date.UTC(year, month - 1, 1) / 1000)
  return timestamp > made ? (timestamp - made) / MONTH : 0n
}
