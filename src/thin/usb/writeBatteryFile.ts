import { resolve } from 'node:path'
import { writeFileAtomicSync } from '../../shared/fs/writeFileAtomicSync.js'
import type { BatteryRecord } from './batteryRecord.js'
import { batteryToFileJson } from './batteryToFileJson.js'

/**
 * Writes a battery record to its USB file in the normalized Fig. 6 layout (file units, numbers only),
 * atomically: a reader, or the file after a power cut, holds either the old or the new battery, never half
 * of each. `filePath` in the file is set to where it is actually written. Fields unknown to the layout
 * are not kept. Synchronous, like `readBatteryFile`: a few hundred bytes, and callers want it done.
 *
 * @throws if the record holds a value the reader would refuse, or the disk cannot be written (the message
 *   says which); the old file is then left as it was.
 * @example
 * writeBatteryFile('/media/usb0/battery information.json', { ...battery, dynamicInfo: next })
 */
export function writeBatteryFile(path: string, battery: BatteryRecord): void {
  const filePath = resolve(path)
  const json = batteryToFileJson({ ...battery, filePath })
  writeFileAtomicSync(filePath, `${JSON.stringify(json, null, 2)}\n`)
}
