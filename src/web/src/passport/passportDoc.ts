// The battery passport document as the GUI reads it (docs/passport.md; the full type is
// src/passport/PassportDocument.ts, which the browser bundle does not import). Only what the GUI shows.

/** An attribute evswap has no value for. */
export type NotReported = { notReported: true }
export type Reported<T> = T | NotReported

/** A dynamic value: `<name>Value` and the time of the reading it comes from (ISO 8601). */
export type Dynamic<Name extends string> = Reported<{ [K in Name]: number } & { lastUpdate: string }>

export type PassportTier = 'public' | 'legitimate'

export type NegativeEvent = { negativeEvent: string; lastUpdate: string }

export type PassportHistoryEntry = {
  lastUpdate: string
  /** % */
  stateOfCertifiedEnergyValue: number
  numberOfFullCyclesValue: Reported<number>
  negativeEventCount: Reported<number>
}

export type PassportDoc = {
  header: { passportIdentifier: string; batteryId: number; dataModel: string; tier: PassportTier; generatedAt: string; publicUrl: string }
  generalProductInformation: {
    productIdentifier: Reported<string>
    manufacturerInformation: { contactName: string }
    /** "2024-04" */
    manufacturingDate: string
    batteryStatus: string
  }
  performance: {
    batteryTechicalProperties: {
      /** kWh */
      ratedEnergy: Reported<number>
      /** Ah */
      ratedCapacity: Reported<number>
      /** V */
      nominalVoltage: Reported<number>
      expectedNumberOfCycles: Reported<number>
      /** calendar years */
      expectedLifetime: Reported<number>
      /** % */
      capacityThresholdForExhaustion: Reported<number>
    }
    batteryCondition?: {
      stateOfCertifiedEnergy: Dynamic<'stateOfCertifiedEnergyValue'>
      numberOfFullCycles: Dynamic<'numberOfFullCyclesValue'>
      capacityFade: Dynamic<'capacityFadeValue'>
      remainingEnergy: Dynamic<'remainingEnergyValue'>
      remainingCapacity: Dynamic<'remainingCapacityValue'>
      negativeEvents: Reported<NegativeEvent[]>
    }
  }
  materialComposition: { batteryChemistry: Reported<{ shortName: string; clearName: Reported<string> }> }
  history?: PassportHistoryEntry[]
}

export function isReported<T>(v: Reported<T> | undefined): v is T {
  return v !== undefined && !(typeof v === 'object' && v !== null && 'notReported' in v)
}
