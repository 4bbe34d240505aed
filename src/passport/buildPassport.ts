import type { BatteryCondition, BatteryTechnicalProperties, EvswapUsage, PassportDocument, PassportHistoryEntry, PassportTier } from './PassportDocument.js'
import type { PassportSource } from './PassportSource.js'
import { NOT_REPORTED, type Reported } from './notReported.js'
import { passportIdentifier } from './passportIdentifier.js'

/** The data model the export follows; Performance names are those of its 1.2.1 patch. */
export const PASSPORT_DATA_MODEL = 'BatteryPass DataModel 1.2'

// The chain stores integers in small units; the model reports kWh, Ah, V, % and minutes.
const kWh = (wh: number) => wh / 1000
const ah = (mAh: number) => mAh / 1000
const volts = (decivolts: number) => decivolts / 10
const percent = (permille: number) => permille / 10
const minutes = (seconds: number) => Math.round((seconds / 60) * 100) / 100
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString()
/** A value, or not reported when the battery did not report what it comes from. */
const maybe = <T>(v: number | null, f: (v: number) => T): Reported<T> => (v === null ? NOT_REPORTED : f(v))

// Clear names for the chemistries evswap batteries register; an unknown short name keeps its clear name
// not reported rather than guessed.
const CHEMISTRY_NAMES: [RegExp, string][] = [
  [/^NMC/i, 'Lithium nickel manganese cobalt oxide'],
  [/^NCA/i, 'Lithium nickel cobalt aluminium oxide'],
  [/^LFP/i, 'Lithium iron phosphate'],
  [/^LMFP/i, 'Lithium manganese iron phosphate'],
  [/^LMO/i, 'Lithium manganese oxide'],
  [/^LTO/i, 'Lithium titanate'],
  [/^Na-?ion|^SIB/i, 'Sodium-ion'],
]

function technicalProperties(s: PassportSource): BatteryTechnicalProperties {
  const p = s.passport
  const of = <T>(f: (info: NonNullable<PassportSource['passport']>) => T): Reported<T> => (p ? f(p) : NOT_REPORTED)
  return {
    originalPowerCapability: NOT_REPORTED,
    ratedMaximumPower: NOT_REPORTED,
    powerCapabilityRatio: NOT_REPORTED,
    ratedEnergy: of((i) => kWh(i.certifiedUsableEnergyWh)),
    expectedNumberOfCycles: of((i) => i.expectedLifetimeCycles),
    initialSelfDischarge: NOT_REPORTED,
    roundtripEfficiency: NOT_REPORTED,
    ratedCapacity: of((i) => ah(i.ratedCapacityMAh)),
    initialInternalResistance: NOT_REPORTED,
    // The registration's life limit in years, which every battery has, passport or not.
    expectedLifetime: s.staticInfo.maxYearLimited,
    cRate: NOT_REPORTED,
    nominalVoltage: of((i) => volts(i.nominalVoltageDecivolts)),
    minimumVoltage: NOT_REPORTED,
    maximumVoltage: NOT_REPORTED,
    capacityThresholdForExhaustion: of((i) => percent(i.exhaustionThresholdPermille)),
    lifetimeReferenceTest: NOT_REPORTED,
    cRateLifeCycleTest: NOT_REPORTED,
    temperatureRangeIdleState: NOT_REPORTED,
    roundTripEfficiencyat50PerCentCycleLife: NOT_REPORTED,
    roundTripEfficiencyFade: NOT_REPORTED,
    powerFade: NOT_REPORTED,
  }
}

function negativeEvents(c: NonNullable<PassportSource['condition']>, lastUpdate: string) {
  // The battery counts its negative events rather than logging each, so one entry per kind that occurred,
  // stamped with the reading that counted it; none occurred is an empty list, which is reported. A kind the
  // battery does not report adds nothing; none reported at all is not reported.
  const kinds: [number | null, string][] = [
    [c.deepDischargeEvents, 'deep discharge'],
    [c.overchargeEvents, 'overcharge'],
    [c.overTemperatureEvents, 'over-temperature'],
  ]
  if (kinds.every(([n]) => n === null)) return NOT_REPORTED
  return kinds.flatMap(([n, what]) => (n ? [{ negativeEvent: `${n} ${what} event${n === 1 ? '' : 's'}`, lastUpdate }] : []))
}

function batteryCondition(s: PassportSource, now: string): BatteryCondition {
  const c = s.condition
  const at = c ? iso(c.at) : ''
  const dyn = <K extends string>(name: K, value: (r: NonNullable<PassportSource['condition']>) => number | null) => {
    const v = c ? value(c) : null
    return v === null ? NOT_REPORTED : ({ [name]: v, lastUpdate: at } as { [P in K]: number } & { lastUpdate: string })
  }
  const of = (v: number | null, f: (v: number) => number) => (v === null ? null : f(v))
  return {
    energyThroughput: dyn('energyThroughputValue', (r) => of(r.energyThroughputWh, kWh)),
    capacityThroughput: NOT_REPORTED,
    numberOfFullCycles: dyn('numberOfFullCyclesValue', (r) => of(r.fullCyclesMilli, (m) => Math.floor(m / 1000))),
    stateOfCertifiedEnergy: dyn('stateOfCertifiedEnergyValue', (r) => of(r.stateOfCertifiedEnergyPermille, percent)),
    capacityFade: dyn('capacityFadeValue', (r) => of(r.capacityFadePermille, percent)),
    remainingEnergy: dyn('remainingEnergyValue', (r) => of(r.remainingEnergyWh, kWh)),
    remainingCapacity: dyn('remainingCapacityValue', (r) => of(r.remainingCapacityMAh, ah)),
    negativeEvents: c ? negativeEvents(c, at) : NOT_REPORTED,
    // The battery reports one total time at extreme temperature, not the model's four (high/low, charging
    // or not): that total is in usage.negativeEventCounts.
    temperatureInformation: NOT_REPORTED,
    remainingPowerCapability: NOT_REPORTED,
    evolutionOfSelfDischarge: NOT_REPORTED,
    currentSelfDischargingRate: NOT_REPORTED,
    internalResistanceIncrease: NOT_REPORTED,
    remainingRoundTripEnergyEfficiency: NOT_REPORTED,
    // The chain's current state carries no time of its own: it is as of the export.
    stateOfCharge: { stateOfChargeValue: percent(s.dynamicInfo.socPermille), lastUpdate: now },
  }
}

function usage(s: PassportSource, now: string): EvswapUsage {
  const d = s.dynamicInfo
  const st = s.staticInfo
  const c = s.condition
  return {
    custody: { holder: d.holderName, owner: d.owner, custodyStatus: d.status, lastUpdate: now },
    chargeCycles: {
      chargingCount: d.chargingCount,
      dischargingCount: d.dischargingCount,
      chargingTotalTime: minutes(d.chargingTotalTime),
      dischargingTotalTime: minutes(d.dischargingTotalTime),
      lastUpdate: now,
    },
    chargeLimits: {
      maxChargingCount: st.maxChargingCount,
      maxDischargingCount: st.maxDischargingCount,
      maxChargingTotalTime: minutes(st.maxChargingTotalTime),
      maxDischargingTotalTime: minutes(st.maxDischargingTotalTime),
    },
    negativeEventCounts: c
      ? {
          deepDischarge: maybe(c.deepDischargeEvents, (n) => n),
          overcharge: maybe(c.overchargeEvents, (n) => n),
          overTemperature: maybe(c.overTemperatureEvents, (n) => n),
          timeExtremeTemperature: maybe(c.extremeTemperatureSeconds, minutes),
          lastUpdate: iso(c.at),
        }
      : NOT_REPORTED,
    // Exhaustion is judged on the state of health: without it, it is not known.
    exhausted: c && c.stateOfCertifiedEnergyPermille !== null ? { exhaustedValue: c.exhausted, lastUpdate: iso(c.at) } : NOT_REPORTED,
  }
}

const history = (s: PassportSource): PassportHistoryEntry[] =>
  s.history.map((h) => ({
    lastUpdate: iso(h.at),
    stateOfCertifiedEnergyValue: percent(h.stateOfCertifiedEnergyPermille),
    numberOfFullCyclesValue: maybe(h.fullCyclesMilli, (m) => Math.floor(m / 1000)),
    negativeEventCount: maybe(h.negativeEvents, (n) => n),
  }))

/**
 * The battery passport of `source` for `tier` (pure): the public tier holds what is true of the battery
 * model (manufacturer, chemistry, ratings, status); the legitimate-interest tier adds this battery's
 * condition, usage and history, each value with the time it was last updated. What evswap has no value for
 * is `{ "notReported": true }`, never omitted or zeroed.
 *
 * @param now unix seconds, the export's time (and the time of the chain state it was read from)
 * @example
 * const doc = buildPassport(source, 'public', Math.floor(Date.now() / 1000))
 * doc.performance.batteryTechicalProperties.ratedEnergy // 75 (kWh)
 */
export function buildPassport(source: PassportSource, tier: PassportTier, now: number): PassportDocument {
  const generatedAt = iso(now)
  const id = passportIdentifier(source.batteryId)
  const st = source.staticInfo
  const chemistry = source.passport?.chemistry
  const doc: PassportDocument = {
    header: { passportIdentifier: id, batteryId: source.batteryId, dataModel: PASSPORT_DATA_MODEL, tier, generatedAt, publicUrl: source.publicUrl },
    generalProductInformation: {
      productIdentifier: source.tag ?? NOT_REPORTED,
      batteryPassportIdentifier: id,
      batteryCategory: 'ev',
      manufacturerInformation: { contactName: st.brand, postalAddress: NOT_REPORTED, identifier: NOT_REPORTED },
      manufacturingDate: `${String(st.manufactureYear).padStart(4, '0')}-${String(st.manufactureMonth).padStart(2, '0')}`,
      batteryStatus: `${source.lifeStatus.charAt(0).toUpperCase()}${source.lifeStatus.slice(1)}` as PassportDocument['generalProductInformation']['batteryStatus'],
      batteryMass: NOT_REPORTED,
      manufacturingPlace: NOT_REPORTED,
      operatorInformation: NOT_REPORTED,
      puttingIntoService: NOT_REPORTED,
      warrentyPeriod: NOT_REPORTED,
    },
    performance: { batteryTechicalProperties: technicalProperties(source) },
    materialComposition: {
      batteryChemistry: chemistry
        ? { shortName: chemistry, clearName: CHEMISTRY_NAMES.find(([re]) => re.test(chemistry))?.[1] ?? NOT_REPORTED }
        : NOT_REPORTED,
      batteryMaterials: NOT_REPORTED,
      hazardousSubstances: NOT_REPORTED,
    },
    circularity: {
      dismantlingAndRemovalInformation: NOT_REPORTED,
      sparePartSources: NOT_REPORTED,
      recycledContent: NOT_REPORTED,
      safetyMeasures: NOT_REPORTED,
      endOfLifeInformation: NOT_REPORTED,
      renewableContent: NOT_REPORTED,
    },
    labels: { declarationOfConformity: NOT_REPORTED, resultOfTestReport: NOT_REPORTED, labels: NOT_REPORTED },
    carbonFootprint: NOT_REPORTED,
    supplyChainDueDiligence: NOT_REPORTED,
  }
  if (tier === 'public') return doc
  doc.performance.batteryCondition = batteryCondition(source, generatedAt)
  doc.usage = usage(source, generatedAt)
  doc.history = history(source)
  return doc
}
