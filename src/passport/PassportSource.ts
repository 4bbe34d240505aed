import type { Address, Hex } from 'viem'
import type { BatteryHealth, ConditionReading, LifeStatus, PassportInfo } from '../sdk/passport/passportTypes.js'

export type { BatteryHealth, ConditionReading, LifeStatus, PassportInfo }

/**
 * Everything a passport is built from: the battery's record on chain and the history of its condition
 * readings from the station's index. `passport` and `condition` are null for a battery registered without
 * them (a file from before passports): the export marks those attributes "not reported".
 */
export type PassportSource = {
  batteryId: number
  /** The registration tag the device chose (its identifier for the pack). */
  tag: Hex | null
  staticInfo: {
    brand: string
    manufactureYear: number
    manufactureMonth: number
    maxChargingCount: number
    maxDischargingCount: number
    /** seconds */
    maxChargingTotalTime: number
    /** seconds */
    maxDischargingTotalTime: number
    maxYearLimited: number
  }
  dynamicInfo: {
    owner: Address
    /** "EV 1", "station 2" */
    holderName: string
    status: 'InService' | 'SwapPending' | 'Recycled'
    socPermille: number
    energyWh: number
    chargingCount: number
    dischargingCount: number
    /** seconds */
    chargingTotalTime: number
    /** seconds */
    dischargingTotalTime: number
  }
  passport: PassportInfo | null
  lifeStatus: LifeStatus
  condition: (ConditionReading & BatteryHealth & { at: number }) | null
  /**
   * Every condition reading that reported a state of health, oldest first, each with its block time (unix
   * seconds); cycles and negative events (their sum) null where that reading did not report them.
   */
  history: { at: number; stateOfCertifiedEnergyPermille: number; fullCyclesMilli: number | null; negativeEvents: number | null }[]
  /** Where the public passport is served: the QR code's content. */
  publicUrl: string
}
