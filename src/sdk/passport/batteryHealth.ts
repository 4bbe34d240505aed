import type { BatteryHealth, ConditionReading, PassportInfo } from './passportTypes.js'

/** The fixed-point scale of `wear`, BatteryHealth.sol's ONE. */
export const WEAR_ONE = 10n ** 18n

/**
 * A battery's health from its passport and a condition reading, exactly as contracts/src/BatteryHealth.sol
 * computes it (integer division, the same caps): state of certified energy, full cycles, capacity fade,
 * exhaustion, and the wear the price takes. The station's index computes each past reading's health with it,
 * since the chain keeps only the last; test/unit/passportChain.test.ts checks it against the contract.
 *
 * @example
 * const h = batteryHealth(passport, condition) // { stateOfCertifiedEnergyPermille: 950, ... }
 */
export function batteryHealth(p: PassportInfo, c: ConditionReading): BatteryHealth & { wear: bigint } {
  const certified = BigInt(p.certifiedUsableEnergyWh)
  const rated = BigInt(p.ratedCapacityMAh)
  const remaining = c.remainingCapacityMAh === null ? null : BigInt(c.remainingCapacityMAh)
  const health: BatteryHealth & { wear: bigint } = {
    stateOfCertifiedEnergyPermille: null,
    fullCyclesMilli: c.energyThroughputWh === null ? null : Number((BigInt(c.energyThroughputWh) * 1000n) / certified),
    capacityFadePermille: remaining === null ? null : remaining < rated ? Number(1000n - (remaining * 1000n) / rated) : 0,
    exhausted: false,
    wear: 0n,
  }
  if (c.remainingEnergyWh === null) return health
  const soce = (BigInt(c.remainingEnergyWh) * 1000n) / certified
  const threshold = BigInt(p.exhaustionThresholdPermille)
  health.stateOfCertifiedEnergyPermille = Number(soce > 0xffffffffn ? 0xffffffffn : soce)
  health.exhausted = soce < threshold
  health.wear = soce <= threshold ? WEAR_ONE : soce < 1000n ? ((1000n - soce) * WEAR_ONE) / (1000n - threshold) : 0n
  return health
}
