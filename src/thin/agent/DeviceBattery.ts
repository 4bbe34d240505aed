import type { BatteryView } from '../../sdk/reads/types.js'
import type { Alert } from '../consistency/Alert.js'
import type { FileUpdate } from '../consistency/FieldDifference.js'
import type { BatteryRecord } from '../usb/batteryRecord.js'

/** A battery folder in a device's USB slots as the last consistency check left it: file, chain and alerts. */
export type DeviceBattery = {
  folder: string
  file: string
  batteryId: number | null
  record: BatteryRecord | null
  chain: BatteryView | null
  alerts: Alert[]
  /** The last time this device rewrote the file from the chain, and what changed (no alert: a repair). */
  lastFileUpdate?: FileUpdate
}
