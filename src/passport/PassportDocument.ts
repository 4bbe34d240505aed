import type { Address, Hex } from 'viem'
import type { LifeStatus, PassportSource } from './PassportSource.js'
import type { NotReported, Reported } from './notReported.js'

/** Who a passport is for: anyone (per-model data) or a reader with a legitimate interest (per-battery data). */
export type PassportTier = 'public' | 'legitimate'

/**
 * A dynamic attribute as the Battery Pass model shapes it: `<attribute>Value` plus the time it was last
 * updated (ISO 8601), or not reported.
 */
export type Dynamic<ValueName extends string, V = number> = Reported<{ [K in ValueName]: V } & { lastUpdate: string }>

/** The model's `batteryStatus` values (capitalised as the model lists them). */
export type BatteryStatus = Capitalize<LifeStatus>

/** io.BatteryPass.GeneralProductInformation */
export type GeneralProductInformation = {
  productIdentifier: Reported<Hex>
  batteryPassportIdentifier: string
  batteryCategory: 'ev'
  manufacturerInformation: { contactName: string; postalAddress: NotReported; identifier: NotReported }
  /** ISO 8601 year and month, e.g. "2023-04". */
  manufacturingDate: string
  batteryStatus: BatteryStatus
  batteryMass: NotReported
  manufacturingPlace: NotReported
  operatorInformation: NotReported
  puttingIntoService: NotReported
  warrentyPeriod: NotReported
}

/** io.BatteryPass.Performance `BatteryTechnicalPropertiesEntity` (the model spells the group `batteryTechicalProperties`). */
export type BatteryTechnicalProperties = {
  originalPowerCapability: NotReported
  ratedMaximumPower: NotReported
  powerCapabilityRatio: NotReported
  /** kWh: the certified usable energy. */
  ratedEnergy: Reported<number>
  /** cycles */
  expectedNumberOfCycles: Reported<number>
  initialSelfDischarge: NotReported
  roundtripEfficiency: NotReported
  /** Ah */
  ratedCapacity: Reported<number>
  initialInternalResistance: NotReported
  /** calendar years */
  expectedLifetime: Reported<number>
  cRate: NotReported
  /** V */
  nominalVoltage: Reported<number>
  minimumVoltage: NotReported
  maximumVoltage: NotReported
  /** % of the state of certified energy */
  capacityThresholdForExhaustion: Reported<number>
  lifetimeReferenceTest: NotReported
  cRateLifeCycleTest: NotReported
  temperatureRangeIdleState: NotReported
  roundTripEfficiencyat50PerCentCycleLife: NotReported
  roundTripEfficiencyFade: NotReported
  powerFade: NotReported
}

/** io.BatteryPass.Performance `BatteryConditionEntity`: the per-battery, dynamic attributes. */
export type BatteryCondition = {
  /** kWh */
  energyThroughput: Dynamic<'energyThroughputValue'>
  capacityThroughput: NotReported
  /** whole cycles */
  numberOfFullCycles: Dynamic<'numberOfFullCyclesValue'>
  /** % */
  stateOfCertifiedEnergy: Dynamic<'stateOfCertifiedEnergyValue'>
  /** % */
  capacityFade: Dynamic<'capacityFadeValue'>
  /** kWh */
  remainingEnergy: Dynamic<'remainingEnergyValue'>
  /** Ah */
  remainingCapacity: Dynamic<'remainingCapacityValue'>
  negativeEvents: Reported<{ negativeEvent: string; lastUpdate: string }[]>
  temperatureInformation: NotReported
  remainingPowerCapability: NotReported
  evolutionOfSelfDischarge: NotReported
  currentSelfDischargingRate: NotReported
  internalResistanceIncrease: NotReported
  remainingRoundTripEnergyEfficiency: NotReported
  /** % */
  stateOfCharge: Dynamic<'stateOfChargeValue'>
}

/** What evswap records that the model has no attribute for (legitimate-interest tier only). */
export type EvswapUsage = {
  custody: { holder: string; owner: Address; custodyStatus: PassportSource['dynamicInfo']['status']; lastUpdate: string }
  /** counts, and total times in minutes */
  chargeCycles: { chargingCount: number; dischargingCount: number; chargingTotalTime: number; dischargingTotalTime: number; lastUpdate: string }
  /** the registered limits: counts, and total times in minutes */
  chargeLimits: { maxChargingCount: number; maxDischargingCount: number; maxChargingTotalTime: number; maxDischargingTotalTime: number }
  /** counts, and the time spent at extreme temperature in minutes */
  negativeEventCounts: Reported<{ deepDischarge: Reported<number>; overcharge: Reported<number>; overTemperature: Reported<number>; timeExtremeTemperature: Reported<number>; lastUpdate: string }>
  exhausted: Dynamic<'exhaustedValue', boolean>
}

/** One condition reading of the history: % and whole cycles, as in `batteryCondition`. */
export type PassportHistoryEntry = { lastUpdate: string; stateOfCertifiedEnergyValue: number; numberOfFullCyclesValue: Reported<number>; negativeEventCount: Reported<number> }

/** The exported battery passport; `passportSchema` is its JSON Schema. */
export type PassportDocument = {
  header: { passportIdentifier: string; batteryId: number; dataModel: string; tier: PassportTier; generatedAt: string; publicUrl: string }
  generalProductInformation: GeneralProductInformation
  performance: { batteryTechicalProperties: BatteryTechnicalProperties; batteryCondition?: BatteryCondition }
  materialComposition: { batteryChemistry: Reported<{ shortName: string; clearName: Reported<string> }>; batteryMaterials: NotReported; hazardousSubstances: NotReported }
  circularity: {
    dismantlingAndRemovalInformation: NotReported
    sparePartSources: NotReported
    recycledContent: NotReported
    safetyMeasures: NotReported
    endOfLifeInformation: NotReported
    renewableContent: NotReported
  }
  labels: { declarationOfConformity: NotReported; resultOfTestReport: NotReported; labels: NotReported }
  carbonFootprint: NotReported
  supplyChainDueDiligence: NotReported
  usage?: EvswapUsage
  history?: PassportHistoryEntry[]
}
