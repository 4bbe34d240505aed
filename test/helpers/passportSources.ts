// Two passport sources for the passport tests and docs/passport-example.json: a battery with a passport
// and condition readings, and one registered from a file made before passports.
import type { Address, Hex } from 'viem'
import type { PassportSource } from '../../src/passport/PassportSource.js'

export const NOW = 1_767_225_600 // 2026-01-01T00:00:00Z
export const OWNER = '0x1111111111111111111111111111111111111111' as Address

export const rich: PassportSource = {
  batteryId: 3,
  tag: '0x5ac0ffee00000000000000000000000000000000000000000000000000000003' as Hex,
  staticInfo: {
    brand: 'Voltra', manufactureYear: 2024, manufactureMonth: 4, maxChargingCount: 3000, maxDischargingCount: 3000,
    maxChargingTotalTime: 7_200_000, maxDischargingTotalTime: 14_400_000, maxYearLimited: 10,
  },
  dynamicInfo: {
    owner: OWNER, holderName: 'EV 1', status: 'InService', socPermille: 815, energyWh: 56_000,
    chargingCount: 412, dischargingCount: 405, chargingTotalTime: 1_483_200, dischargingTotalTime: 2_916_090,
  },
  passport: {
    certifiedUsableEnergyWh: 75_000, ratedCapacityMAh: 200_000, expectedLifetimeCycles: 2500,
    exhaustionThresholdPermille: 700, chemistry: 'NMC811', nominalVoltageDecivolts: 3_750,
  },
  lifeStatus: 'original',
  condition: {
    remainingEnergyWh: 69_375, remainingCapacityMAh: 186_000, energyThroughputWh: 29_925_000,
    deepDischargeEvents: 2, overchargeEvents: 0, overTemperatureEvents: 1, extremeTemperatureSeconds: 5_430,
    stateOfCertifiedEnergyPermille: 925, fullCyclesMilli: 399_000, capacityFadePermille: 70, exhausted: false,
    at: NOW - 3_600,
  },
  history: [
    { at: NOW - 86_400 * 200, stateOfCertifiedEnergyPermille: 1000, fullCyclesMilli: 0, negativeEvents: 0 },
    { at: NOW - 86_400 * 90, stateOfCertifiedEnergyPermille: 962, fullCyclesMilli: 180_500, negativeEvents: 1 },
    { at: NOW - 3_600, stateOfCertifiedEnergyPermille: 925, fullCyclesMilli: 399_000, negativeEvents: 3 },
  ],
  publicUrl: 'https://station-2.evswap.example/passport/3',
}

// A battery registered from a file made before passports: no passport, no condition reading.
export const legacy: PassportSource = {
  ...rich,
  batteryId: 7,
  tag: null,
  passport: null,
  condition: null,
  history: [],
  lifeStatus: 'reused',
  publicUrl: 'https://station-2.evswap.example/passport/7',
}
