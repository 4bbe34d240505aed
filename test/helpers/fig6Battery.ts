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
}

/** The Fig. 6 file as an object, with `edit` applied to a deep copy (for one-field variations). */
export function fig6With(edit: (json: { [k: string]: any }) => void): string {
  const json = JSON.parse(FIG6_TEXT)
  edit(json)
  return JSON.stringify(json, null, 2)
}
