import type { BatteryRecord } from '../usb/batteryRecord.js'

/**
 * The energy a battery holds when full, in Wh: what its management system last reported as remaining
 * energy (the passport's "remaining energy" is that of a full battery), else its passport's certified
 * usable energy, else what its reading implies (energy over SOC). Null when none tells (no passport and a
 * SOC of 0).
 *
 * @example
 * fullEnergyOf(record) // 20000 for a file reading 5 kWh at 25 %
 */
export function fullEnergyOf(record: Pick<BatteryRecord, 'condition' | 'passport' | 'dynamicInfo'>): number | null {
  const reported = record.condition?.remainingEnergyWh ?? record.passport?.certifiedUsableEnergyWh
  if (reported) return Math.max(reported, record.dynamicInfo.energyWh)
  const { energyWh, socPermille } = record.dynamicInfo
  return socPermille > 0 ? Math.round((energyWh * 1000) / socPermille) : null
}
