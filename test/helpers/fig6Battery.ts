// The paper's Fig. 6 battery information file, completed where the figure is cut off, as text and as the
// record it reads to. Shared by the battery file tests.
import type { BatteryRecord } from '../../src/thin/usb/batteryRecord.js'

export const FIG6_TEXT = `{
  "batteryID": 1,
  "ownerAddress": "",
  "filePath": "/media/usb0/battery information.json",
  "staticInfo": {
    "brand": "Samsung",
    "maxChargingCount": 200,
    "maxDischargingCount": 200,
    "maxYearLimited": 20,
    "maxChargingTotalTime": 2000,
    "maxDischargingTotalTime": 2000,
    "manufactureYear": 2017,
    "manufactureMonth": 11,
    "manufacturePrice": 200
  },
  "dynamicInfo": {
    "price": 164,
    "energy": "20",
    "SOC": "100",
    "chargingCount": "1",
    "dischargingCount": "1",
    "chargingTotalTime": "2",
    "dischargingTotalTime": "2"
  }
}
`

export const FIG6_RECORD: BatteryRecord = {
  batteryId: 1,
  ownerAddress: null,
  filePath: '/media/usb0/battery information.json',
  staticInfo: {
    brand: 'Samsung',
    maxChargingCount: 200,
    maxDischargingCount: 200,
    maxChargingTotalTime: 2000 * 3600,
    maxDischargingTotalTime: 2000 * 3600,
    manufactureYear: 2017,
    manufactureMonth: 11,
    maxYearLimited: 20,
    manufacturePrice: 20000n,
  },
  dynamicInfo: {
    price: 16400n,
    energyWh: 20000,
    socPermille: 1000,
    chargingCount: 1,
    dischargingCount: 1,
    chargingTotalTime: 7200,
    dischargingTotalTime: 7200,
  },
  passport: null,
  condition: null,
}

/**
 * The EU battery passport sections (issue 16) a Fig. 6 file may add, in file units, and what they read to.
 * Not in the paper: the paper's file is FIG6_TEXT, which has neither.
 */
export const PASSPORT_SECTIONS = {
  passport: {
    certifiedUsableEnergy: 20.5,
    ratedCapacity: '55.125',
    expectedLifetimeCycles: 1500,
    capacityThresholdForExhaustion: 70.5,
    chemistry: 'NMC811',
    nominalVoltage: '370.4',
  },
  condition: {
    remainingEnergy: 19.875,
    remainingCapacity: 53.5,
    energyThroughput: '410.25',
    deepDischargeEvents: 2,
    overchargeEvents: 0,
    overTemperatureEvents: '1',
    timeAtExtremeTemperature: 1.5,
  },
}

/** FIG6_RECORD with PASSPORT_SECTIONS, in chain units. */
export const FIG6_PASSPORT_RECORD: BatteryRecord = {
  ...FIG6_RECORD,
  passport: {
    certifiedUsableEnergyWh: 20_500,
    ratedCapacityMAh: 55_125,
    expectedLifetimeCycles: 1500,
    exhaustionThresholdPermille: 705,
    chemistry: 'NMC811',
    nominalVoltageDecivolts: 3704,
  },
  condition: {
    remainingEnergyWh: 19_875,
    remainingCapacityMAh: 53_500,
    energyThroughputWh: 410_250,
    deepDischargeEvents: 2,
    overchargeEvents: 0,
    overTemperatureEvents: 1,
    extremeTemperatureSeconds: 5400,
  },
}

/** The Fig. 6 file as an object, with `edit` applied to a deep copy (for one-field variations). */
export function fig6With(edit: (json: { [k: string]: any }) => void): string {
  const json = JSON.parse(FIG6_TEXT)
  edit(json)
  return JSON.stringify(json, null, 2)
}
