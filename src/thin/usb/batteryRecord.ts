// The battery record in CHAIN units, as the contracts store it, and the Fig. 6 file layout it is read from
// and written to. Conversions (file unit -> chain unit):
//   *TotalTime       hours (decimals allowed)  -> seconds, Math.round(hours * 3600), uint32
//   manufacturePrice,
//   price            E-coin, at most 2 decimals -> cents (bigint)
//   energy           kWh, at most 3 decimals    -> Wh (energyWh, uint32)
//   SOC              percent 0..100, 1 decimal  -> permille 0..1000 (socPermille)
// and in the optional EU battery passport sections (issue 16; docs/passport.md):
//   passport.certifiedUsableEnergy            kWh, at most 3 decimals  -> Wh (certifiedUsableEnergyWh)
//   passport.ratedCapacity                    Ah, at most 3 decimals   -> mAh (ratedCapacityMAh)
//   passport.capacityThresholdForExhaustion   percent, 1 decimal       -> permille 1..999 (exhaustionThresholdPermille)
//   passport.nominalVoltage                   V, 1 decimal             -> tenths of a volt (nominalVoltageDecivolts)
//   condition.remainingEnergy,
//   condition.energyThroughput                kWh, at most 3 decimals  -> Wh (remainingEnergyWh, energyThroughputWh)
//   condition.remainingCapacity               Ah, at most 3 decimals   -> mAh (remainingCapacityMAh)
//   condition.timeAtExtremeTemperature        hours (decimals allowed) -> seconds (extremeTemperatureSeconds)
// A condition field left out of the file is "not reported": null in the record, never 0.
// Counts, cycles, years and months are whole numbers in both.

import type { ConditionReading, PassportInfo } from '../../sdk/passport/passportTypes.js'

/** Battery facts fixed at manufacture; the contract never lets them change after registration. */
export type StaticInfoRecord = {
  /** Printable ASCII, 1..16 bytes. */
  brand: string
  maxChargingCount: number
  maxDischargingCount: number
  /** Seconds. */
  maxChargingTotalTime: number
  /** Seconds. */
  maxDischargingTotalTime: number
  manufactureYear: number
  /** 1..12. */
  manufactureMonth: number
  /** Years, 1..255. */
  maxYearLimited: number
  /** E-coin cents. */
  manufacturePrice: bigint
}

/** Battery state that changes with charge, discharge, swap and recycle. */
export type DynamicInfoRecord = {
  /** E-coin cents. */
  price: bigint
  /** Energy held, watt-hours. */
  energyWh: number
  /** State of charge, 0..1000 (tenths of a percent). */
  socPermille: number
  chargingCount: number
  dischargingCount: number
  /** Seconds. */
  chargingTotalTime: number
  /** Seconds. */
  dischargingTotalTime: number
}

/** One battery, read from its USB file, in chain units. */
export type BatteryRecord = {
  /** `null` until the battery is registered on chain. */
  batteryId: number | null
  /** Lower-case address, or `null` when the battery has no owner yet. */
  ownerAddress: `0x${string}` | null
  /** Where the file says it lives; informative only. */
  filePath: string
  staticInfo: StaticInfoRecord
  dynamicInfo: DynamicInfoRecord
  /** The EU battery passport's static technical properties; `null` for a file without a `passport` section. */
  passport: PassportInfo | null
  /**
   * The battery management system's latest report; `null` for a file without a `condition` section (only a
   * battery with a passport has one). A field the file leaves out is `null`: not reported.
   */
  condition: ConditionReading | null
}

/** A condition in which nothing is reported: what a battery registers with when its file has no `condition`. */
export const NOTHING_REPORTED: ConditionReading = {
  remainingEnergyWh: null,
  remainingCapacityMAh: null,
  energyThroughputWh: null,
  deepDischargeEvents: null,
  overchargeEvents: null,
  overTemperatureEvents: null,
  extremeTemperatureSeconds: null,
}

/** The normalized Fig. 6 file layout, in file units, numbers only. */
export type BatteryFileJson = {
  /** 0 when not registered yet. */
  batteryID: number
  /** "" when no owner yet. */
  ownerAddress: string
  filePath: string
  staticInfo: {
    brand: string
    maxChargingCount: number
    maxDischargingCount: number
    maxYearLimited: number
    maxChargingTotalTime: number
    maxDischargingTotalTime: number
    manufactureYear: number
    manufactureMonth: number
    manufacturePrice: number
  }
  dynamicInfo: {
    price: number
    energy: number
    SOC: number
    chargingCount: number
    dischargingCount: number
    chargingTotalTime: number
    dischargingTotalTime: number
  }
  /** Only in a file that has it; all six fields then. */
  passport?: {
    /** kWh. */
    certifiedUsableEnergy: number
    /** Ah. */
    ratedCapacity: number
    expectedLifetimeCycles: number
    /** Percent. */
    capacityThresholdForExhaustion: number
    chemistry: string
    /** Volts. */
    nominalVoltage: number
  }
  /** Only in a file that has it; a field not reported is left out. */
  condition?: {
    /** kWh. */
    remainingEnergy?: number
    /** Ah. */
    remainingCapacity?: number
    /** kWh. */
    energyThroughput?: number
    deepDischargeEvents?: number
    overchargeEvents?: number
    overTemperatureEvents?: number
    /** Hours. */
    timeAtExtremeTemperature?: number
  }
}

/** One problem in a battery file. `field` is a dotted path like `dynamicInfo.SOC`, or `JSON` / `file`. */
export type BatteryFieldError = { field: string; message: string }

/** What reading a battery file gives: never an exception, always either the record or every problem found. */
export type BatteryFileResult =
  | { ok: true; file: string; battery: BatteryRecord }
  | { ok: false; file: string; errors: BatteryFieldError[] }

/** The name of the battery information file inside a battery's USB disk (the paper's Fig. 6). */
export const BATTERY_FILE_NAME = 'battery information.json'

/** A battery file is a few hundred bytes; anything over this is not one, so it is refused unread. */
export const MAX_BATTERY_FILE_BYTES = 64 * 1024
