import type { ConditionReading } from '../../sdk/passport/passportTypes.js'
import { readBatteryFile } from '../usb/readBatteryFile.js'
import type { DeviceBattery } from './DeviceBattery.js'

/**
 * The condition the battery's USB file reports now (the management system's latest report), or `undefined`
 * when the battery is not in the slots or its file has no `condition` section. The file is read again
 * rather than taken from the last check: the management system may have written it since.
 *
 * @example
 * const condition = readFileCondition(agent.batteries(), 7)
 * const call = dischargeCall(d, { batteryId: 7, energyWh, socPermille, duration, ...(condition ? { condition } : {}) })
 */
export function readFileCondition(batteries: readonly DeviceBattery[], batteryId: number): ConditionReading | undefined {
  const battery = batteries.find((b) => b.batteryId === batteryId)
  if (!battery) return undefined
  const read = readBatteryFile(battery.file)
  // A file that turned bad, or holds another battery now, is the consistency check's to report; the last
  // condition the check accepted for this battery is the best the device knows.
  const record = read.ok && read.battery.batteryId === batteryId ? read.battery : battery.record
  return record?.condition ?? undefined
}
