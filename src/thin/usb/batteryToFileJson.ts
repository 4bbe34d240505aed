import type { BatteryFileJson, BatteryRecord } from './batteryRecord.js'
import { formatBatteryErrors } from './formatBatteryErrors.js'
import { validateBatteryObject } from './validateBatteryObject.js'

/**
 * The normalized Fig. 6 object for a battery record: file units, numbers only, known fields only.
 * Hours are written rounded to 6 decimals, which is exact enough that reading the result back gives the
 * same seconds. Throws if the record holds a value the reader would refuse (say a 20-character brand), so
 * nothing unreadable is ever written to a battery's USB disk.
 *
 * @example
 * await writeFile(path, JSON.stringify(batteryToFileJson(battery), null, 2))
 */
export function batteryToFileJson(battery: BatteryRecord): BatteryFileJson {
  const { staticInfo: s, dynamicInfo: d } = battery
  const json: BatteryFileJson = {
    batteryID: battery.batteryId ?? 0,
    ownerAddress: battery.ownerAddress ?? '',
    filePath: battery.filePath,
    staticInfo: {
      brand: s.brand,
      maxChargingCount: s.maxChargingCount,
      maxDischargingCount: s.maxDischargingCount,
      maxYearLimited: s.maxYearLimited,
      maxChargingTotalTime: secondsToHours(s.maxChargingTotalTime),
      maxDischargingTotalTime: secondsToHours(s.maxDischargingTotalTime),
      manufactureYear: s.manufactureYear,
      manufactureMonth: s.manufactureMonth,
      manufacturePrice: centsToCoins(s.manufacturePrice),
    },
    dynamicInfo: {
      price: centsToCoins(d.price),
      energy: d.energyWh / 1000,
      SOC: d.socPermille / 10,
      chargingCount: d.chargingCount,
      dischargingCount: d.dischargingCount,
      chargingTotalTime: secondsToHours(d.chargingTotalTime),
      dischargingTotalTime: secondsToHours(d.dischargingTotalTime),
    },
  }
  const check = validateBatteryObject(json, battery.filePath)
  if (!check.ok) throw new Error(`refusing to write a battery file the reader would reject:\n${formatBatteryErrors(check)}`)
  // The check above catches values out of range, and fractions where whole numbers belong. Times and prices
  // are converted on the way out, though, so a fractional second or cent would be rounded silently: make
  // sure they read back as the same record.
  const back = check.battery
  if (back.staticInfo.maxChargingTotalTime !== s.maxChargingTotalTime || back.staticInfo.maxDischargingTotalTime !== s.maxDischargingTotalTime
    || back.dynamicInfo.chargingTotalTime !== d.chargingTotalTime || back.dynamicInfo.dischargingTotalTime !== d.dischargingTotalTime
    || back.staticInfo.manufacturePrice !== s.manufacturePrice || back.dynamicInfo.price !== d.price) {
    throw new Error('refusing to write a battery file: a time or price would not read back exactly (times must be whole seconds, prices whole cents)')
  }
  return json
}

/** Seconds as hours rounded to 6 decimals: 0.0018 s at worst, so `Math.round(hours * 3600)` is exact. */
function secondsToHours(seconds: number): number {
  return Number((seconds / 3600).toFixed(6))
}

/**
 * Cents as an E-coin number. Exact: prices are capped below 10^15 cents, and IEEE division gives the double
 * nearest to the true quotient, whose shortest decimal form (what JSON.stringify prints) is that quotient.
 */
function centsToCoins(cents: bigint): number {
  return Number(cents) / 100
}
