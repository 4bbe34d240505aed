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

/** What the battery management system last reported, cumulative counters included, and when (block time). */
export type ConditionReading = {
  remainingEnergyWh: number
  remainingCapacityMAh: number
  energyThroughputWh: number
  deepDischargeEvents: number
  overchargeEvents: number
  overTemperatureEvents: number
  extremeTemperatureSeconds: number
}

/** The health figures derived from a condition reading (computed on chain, see BatteryHealth.sol). */
export type BatteryHealth = {
  /** State of certified energy (the EV battery's state of health): remaining over certified usable energy, permille. */
  stateOfCertifiedEnergyPermille: number
  /** Energy throughput over certified usable energy, in thousandths of a full cycle. */
  fullCyclesMilli: number
  /** 1000 - remaining capacity over rated capacity, permille. */
  capacityFadePermille: number
  exhausted: boolean
}
