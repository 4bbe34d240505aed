import type { ConditionReading, PassportInfo } from '../../sdk/passport/passportTypes.js'
import type { BatteryFileJson, BatteryRecord } from './batteryRecord.js'
import { formatBatteryErrors } from './formatBatteryErrors.js'
import { validateBatteryObject } from './validateBatteryObject.js'

/**
 * The normalized Fig. 6 object for a battery record: file units, numbers only, known fields only.
 * The passport and condition sections are written only for a record that has them (a file without them is
 * left without them), and a condition field not reported (null) is left out, as the reader expects.
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
    ...(battery.passport ? { passport: passportToFile(battery.passport) } : {}),
    ...(battery.condition ? { condition: conditionToFile(battery.condition) } : {}),
  }
  const check = validateBatteryObject(json, battery.filePath)
  if (!check.ok) throw new Error(`refusing to write a battery file the reader would reject:\n${formatBatteryErrors(check)}`)
  // The check above catches values out of range, and fractions where whole numbers belong. Times and prices
  // are converted on the way out, though, so a fractional second or cent would be rounded silently: make
  // sure they read back as the same record.
  const back = check.battery
  if (back.staticInfo.maxChargingTotalTime !== s.maxChargingTotalTime || back.staticInfo.maxDischargingTotalTime !== s.maxDischargingTotalTime
    || back.dynamicInfo.chargingTotalTime !== d.chargingTotalTime || back.dynamicInfo.dischargingTotalTime !== d.dischargingTotalTime
    || back.staticInfo.manufacturePrice !== s.manufacturePrice || back.dynamicInfo.price !== d.price
    || !sameValues(back.passport, battery.passport) || !sameValues(back.condition, battery.condition)) {
    throw new Error('refusing to write a battery file: a time, price or passport value would not read back exactly (times must be whole seconds, prices whole cents, passport and condition values whole chain units)')
  }
  return json
}

function passportToFile(p: PassportInfo): NonNullable<BatteryFileJson['passport']> {
  return {
    certifiedUsableEnergy: p.certifiedUsableEnergyWh / 1000,
    ratedCapacity: p.ratedCapacityMAh / 1000,
    expectedLifetimeCycles: p.expectedLifetimeCycles,
    capacityThresholdForExhaustion: p.exhaustionThresholdPermille / 10,
    chemistry: p.chemistry,
    nominalVoltage: p.nominalVoltageDecivolts / 10,
  }
}

/** Only the reported fields: a field left out of the file is "not reported", which a 0 would not say. */
function conditionToFile(c: ConditionReading): NonNullable<BatteryFileJson['condition']> {
  const reported = <T>(value: number | null, toFile: (v: number) => T) => (value === null ? undefined : toFile(value))
  const fields = {
    remainingEnergy: reported(c.remainingEnergyWh, (wh) => wh / 1000),
    remainingCapacity: reported(c.remainingCapacityMAh, (mah) => mah / 1000),
    energyThroughput: reported(c.energyThroughputWh, (wh) => wh / 1000),
    deepDischargeEvents: reported(c.deepDischargeEvents, (n) => n),
    overchargeEvents: reported(c.overchargeEvents, (n) => n),
    overTemperatureEvents: reported(c.overTemperatureEvents, (n) => n),
    timeAtExtremeTemperature: reported(c.extremeTemperatureSeconds, secondsToHours),
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
}

/**
 * Field by field, whatever the key order: a passport or condition as read back equals the one written.
 * Absent (a record built before issue 16 has no such field) is the same as null.
 */
function sameValues<T extends object>(a: T | null | undefined, b: T | null | undefined): boolean {
  if (!a || !b) return !a && !b
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
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
