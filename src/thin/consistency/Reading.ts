import type { DynamicInfoRecord } from '../usb/batteryRecord.js'

/** The dynamic fields a charge or discharge records, in file order. */
export const READING_FIELDS = ['energyWh', 'socPermille', 'chargingCount', 'dischargingCount', 'chargingTotalTime', 'dischargingTotalTime'] as const

/** What a charge or discharge records: the dynamic info without the price (which the chain computes). */
export type Reading = Pick<DynamicInfoRecord, (typeof READING_FIELDS)[number]>

/** The reading part of a battery's dynamic info, copied (nothing else kept). */
export function readingOf(d: Reading): Reading {
  return Object.fromEntries(READING_FIELDS.map((f) => [f, d[f]])) as Reading
}

/** Whether two readings are the same in every field. */
export function sameReading(a: Reading, b: Reading): boolean {
  return READING_FIELDS.every((f) => a[f] === b[f])
}
