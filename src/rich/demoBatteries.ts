import type { ConditionReading, PassportInfo } from '../sdk/passport/passportTypes.js'
import type { BatteryRecord } from '../thin/usb/batteryRecord.js'

const hours = (h: number) => h * 3600

/** What `demoBattery` takes: user units (kWh, percent, E-coin), plus an EU battery passport if the battery has one. */
export type DemoBatteryOptions = {
  kWh: number
  socPercent: number
  price: number
  year: number
  month: number
  cycles?: number
  /** The passport's properties and the management system's report, in chain units; none unless given. */
  passport?: { info: PassportInfo; condition?: ConditionReading }
}

/**
 * A battery fresh from its maker, in chain units, as its USB file would describe it (paper Fig. 6).
 *
 * @example
 * writeBatteryFile(file, demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
 */
export function demoBattery(brand: string, o: DemoBatteryOptions): BatteryRecord {
  const cycles = o.cycles ?? 0
  return {
    batteryId: null,
    ownerAddress: null,
    filePath: '',
    staticInfo: {
      brand,
      maxChargingCount: 2000,
      maxDischargingCount: 2000,
      maxChargingTotalTime: hours(8000),
      maxDischargingTotalTime: hours(8000),
      manufactureYear: o.year,
      manufactureMonth: o.month,
      maxYearLimited: 10,
      manufacturePrice: BigInt(o.price * 100),
    },
    dynamicInfo: {
      price: 0n,
      energyWh: Math.round(o.kWh * 1000),
      socPermille: o.socPercent * 10,
      chargingCount: cycles,
      dischargingCount: cycles,
      chargingTotalTime: hours(cycles * 2),
      dischargingTotalTime: hours(cycles * 3),
    },
    passport: o.passport?.info ?? null,
    condition: o.passport?.condition ?? null,
  }
}

/**
 * The demo's battery with a passport (issue 16): a 70 kWh NMC811 pack, a little worn after 5 cycles, whose
 * management system reports everything but the time at extreme temperatures.
 */
const CATL_PASSPORT: NonNullable<DemoBatteryOptions['passport']> = {
  info: {
    certifiedUsableEnergyWh: 72_000,
    ratedCapacityMAh: 180_000,
    expectedLifetimeCycles: 3000,
    exhaustionThresholdPermille: 700,
    chemistry: 'NMC811',
    nominalVoltageDecivolts: 4000,
  },
  condition: {
    remainingEnergyWh: 71_500,
    remainingCapacityMAh: 179_000,
    energyThroughputWh: 720_000,
    deepDischargeEvents: 0,
    overchargeEvents: 0,
    overTemperatureEvents: 1,
    extremeTemperatureSeconds: null,
  },
}

/**
 * The batteries of the paper's Fig. 7: a depleted TOY in the EV, charged SUM and BYD at station 1; one more at
 * station 2, CATL, which carries an EU battery passport.
 */
export const demoFleet = {
  ev: { 'TOY-1': demoBattery('TOY', { kWh: 3, socPercent: 5, price: 6000, year: 2025, month: 3, cycles: 180 }) },
  station1: {
    'SUM-1': demoBattery('SUM', { kWh: 60, socPercent: 100, price: 6500, year: 2026, month: 1, cycles: 40 }),
    'BYD-1': demoBattery('BYD', { kWh: 58, socPercent: 100, price: 6200, year: 2026, month: 5, cycles: 12 }),
  },
  station2: { 'CATL-1': demoBattery('CATL', { kWh: 70, socPercent: 95, price: 7000, year: 2026, month: 6, cycles: 5, passport: CATL_PASSPORT }) },
} as const
