import { getAddress, numberToHex } from 'viem'
import { batteryProcessStorage } from '../abi/batteryProcessStorage.js'
import { batteryStatusNames } from '../enums.js'
import type { ConditionReading, PassportInfo } from '../passport/passportTypes.js'
import { chemistryOf, CONDITION_FIELDS, fromConditionStruct, type ConditionReadingStruct } from '../passport/passportStructs.js'
import type { DynamicInfo } from '../reads/types.js'
import { bytes16ToBrand, type StaticInfoRecord } from '../staticInfo.js'
import { readPlace } from './readPlace.js'

const r = batteryProcessStorage.structs.Record

/** A battery record as its words hold it; `passport` and `condition` null for a battery registered without one. */
export type DecodedBatteryRecord = {
  staticInfo: StaticInfoRecord
  dynamicInfo: DynamicInfo
  passport: PassportInfo | null
  /** The last condition reading and its block time (unix seconds). */
  condition: (ConditionReading & { at: number }) | null
}

/**
 * A battery record as its proven storage words hold it (the words of `batteryRecordSlots(id)`, first to
 * last), in the units the SDK's views use; `null` when the record is empty (no battery has this id).
 *
 * @example
 * const record = decodeBatteryRecord(proven.values)
 */
export function decodeBatteryRecord(values: readonly bigint[]): DecodedBatteryRecord | null {
  const words = new Map(values.map((v, i) => [BigInt(i), v]))
  const n = (place: (typeof r)[keyof typeof r]) => Number(readPlace(words, 0n, place))
  const status = batteryStatusNames[n(r.status)] ?? 'None'
  if (status === 'None') return null
  return {
    staticInfo: {
      brand: bytes16ToBrand(numberToHex(readPlace(words, 0n, r.brand), { size: 16 })),
      maxChargingCount: n(r.maxChargingCount),
      maxDischargingCount: n(r.maxDischargingCount),
      maxChargingTotalTime: n(r.maxChargingTotalTime),
      maxDischargingTotalTime: n(r.maxDischargingTotalTime),
      manufactureYear: n(r.manufactureYear),
      manufactureMonth: n(r.manufactureMonth),
      maxYearLimited: n(r.maxYearLimited),
      manufacturePrice: readPlace(words, 0n, r.manufacturePrice),
    },
    passport: n(r.certifiedUsableEnergyWh) === 0
      ? null
      : {
          certifiedUsableEnergyWh: n(r.certifiedUsableEnergyWh),
          ratedCapacityMAh: n(r.ratedCapacityMAh),
          expectedLifetimeCycles: n(r.expectedLifetimeCycles),
          exhaustionThresholdPermille: n(r.exhaustionThresholdPermille),
          nominalVoltageDecivolts: n(r.nominalVoltageDecivolts),
          chemistry: chemistryOf(numberToHex(readPlace(words, 0n, r.chemistry), { size: 8 })),
        },
    condition: n(r.conditionAt) === 0
      ? null
      : {
          // The record's condition fields are flat, named as the struct's.
          ...fromConditionStruct(Object.fromEntries([...CONDITION_FIELDS, 'reported' as const].map((f) => [f, n(r[f])])) as ConditionReadingStruct),
          at: n(r.conditionAt),
        },
    dynamicInfo: {
      owner: getAddress(numberToHex(readPlace(words, 0n, r.owner), { size: 20 })),
      holder: n(r.holder),
      status,
      socPermille: n(r.socPermille),
      energyWh: n(r.energyWh),
      chargingCount: n(r.chargingCount),
      dischargingCount: n(r.dischargingCount),
      chargingTotalTime: n(r.chargingTotalTime),
      dischargingTotalTime: n(r.dischargingTotalTime),
    },
  }
}
