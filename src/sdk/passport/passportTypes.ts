/** The passport's life status (Regulation (EU) 2023/1542, Annex XIII; Battery Pass `batteryStatus`). */
export type LifeStatus = 'original' | 'repurposed' | 'reused' | 'remanufactured' | 'waste'

/**
 * The static technical properties a battery is registered with (all immutable on chain). Units as stored:
 * energy in Wh, capacity in mAh, voltage in tenths of a volt, thresholds in permille.
 */
export type PassportInfo = {
  certifiedUsableEnergyWh: number
  ratedCapacityMAh: number
  expectedLifetimeCycles: number
  /** The state of certified energy under which the battery is exhausted, permille (700 = 70 %). */
  exhaustionThresholdPermille: number
  /** Cell chemistry as registered, ASCII: "NMC811", "LFP". */
  chemistry: string
  nominalVoltageDecivolts: number
}

/**
 * What the battery management system reported, cumulative counters included. `null` is a field it did not
 * report: the passport marks it "not reported" (on chain, its bit of `reported` is clear).
 */
export type ConditionReading = {
  remainingEnergyWh: number | null
  remainingCapacityMAh: number | null
  energyThroughputWh: number | null
  deepDischargeEvents: number | null
  overchargeEvents: number | null
  overTemperatureEvents: number | null
  extremeTemperatureSeconds: number | null
}

/** The health figures derived from a condition reading (BatteryHealth.sol); `null` where their field was not reported. */
export type BatteryHealth = {
  /** State of certified energy (the EV battery's state of health): remaining over certified usable energy, permille. */
  stateOfCertifiedEnergyPermille: number | null
  /** Energy throughput over certified usable energy, in thousandths of a full cycle. */
  fullCyclesMilli: number | null
  /** 1000 - remaining capacity over rated capacity, permille. */
  capacityFadePermille: number | null
  /** Under the exhaustion threshold (false when the state of health was not reported). */
  exhausted: boolean
}
