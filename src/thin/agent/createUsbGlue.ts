import type { BatteryRecord } from '../usb/batteryRecord.js'
import { readBatteryFile } from '../usb/readBatteryFile.js'
import { writeBatteryFile } from '../usb/writeBatteryFile.js'
import { scanUsbSlots } from '../usb/scanUsbSlots.js'
import { scanUsbFolders, type UsbFolders } from '../usb/scanUsbFolders.js'
import { watchUsbSlots, type UsbSlotWatcher } from '../usb/watchUsbSlots.js'

export type UsbGlue = {
  /** What the slots hold now: battery folders and folders without a battery file. */
  scan(): UsbFolders
  /** The battery ids the files in the slots name (no station needed). */
  batteryIds(): number[]
  /**
   * Writes a battery file and tells the watcher so: the agent's own write (an id written back, a repair)
   * must not come back as a USB change and cost a second check of every battery.
   */
  writeOwn(file: string, record: BatteryRecord): void
  /** Calls `onChange` when a disk is inserted, removed or changed, or a folder without a battery file appears. */
  watch(onChange: () => void): void
  stop(): void
}

/**
 * The agent's USB glue: the one place the agent touches its USB slots. It owns the slot watcher; reads and
 * writes of battery files go through the usb/ helpers it calls.
 *
 * @example
 * const usb = createUsbGlue(['/media/usb0'])
 * usb.watch(() => void checker.check())
 */
export function createUsbGlue(slots: readonly string[]): UsbGlue {
  let watcher: UsbSlotWatcher | undefined
  return {
    scan: () => scanUsbFolders(slots),
    batteryIds() {
      const ids = new Set<number>()
      for (const { file } of scanUsbSlots(slots)) {
        const r = readBatteryFile(file)
        if (r.ok && r.battery.batteryId !== null) ids.add(r.battery.batteryId)
      }
      return [...ids]
    },
    writeOwn(file, record) {
      writeBatteryFile(file, record)
      watcher?.noteOwnWrite(file)
    },
    watch(onChange) {
      watcher = watchUsbSlots(slots, onChange)
      watcher.on('empty', onChange) // a folder without a battery file is an alert too
    },
    stop() {
      watcher?.close()
    },
  }
}
