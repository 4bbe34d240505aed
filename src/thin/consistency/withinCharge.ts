import type { Reading } from './Reading.js'

/** The readings a station's charger may have written into a battery's file during one charge. */
export type ChargerReadings = {
  /** The file's reading when the charge started. */
  from: Reading
  /** The last reading the charger wrote (or is about to). */
  to: Reading
  /** The charge still runs: the file is kept as it is. Ended: brought up to the chain like a synced file. */
  inProgress: boolean
}

/**
 * Whether a file's reading is one the charger may have written: counts and total times as at the start,
 * energy and SOC between the start's and the last written. A range, not a list: a check that read the file
 * before it waited for the chain compares it after the charger has written many more.
 *
 * @example
 * withinCharge(file.dynamicInfo, { from: start, to: last, inProgress: true }) // true for any reading on the way
 */
export function withinCharge(r: Reading, c: ChargerReadings): boolean {
  const between = (f: 'energyWh' | 'socPermille') => r[f] >= c.from[f] && r[f] <= c.to[f]
  return (
    between('energyWh') && between('socPermille') &&
    r.chargingCount === c.from.chargingCount && r.dischargingCount === c.from.dischargingCount &&
    r.chargingTotalTime === c.from.chargingTotalTime && r.dischargingTotalTime === c.from.dischargingTotalTime
  )
}
