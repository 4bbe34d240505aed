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
  /** True while the glue's own rescan runs: what it finds, the check that asked for it is about to handle. */
  let scanning = false
  const unlessScanning = (onChange: () => void) => () => {
    if (!scanning) onChange()
  }
  return {
    scan() {
      if (!watcher) return scanUsbFolders(slots)
      // The check's view becomes the watcher's baseline: a disk the check saw and that left before the
      // watcher's own (debounced) rescan is then a removal it reports, not a change it never knew of, and
      // the alert the check raised for it ends.
      scanning = true
      try {
        return watcher.rescan()
      } finally {
        scanning = false
      }
    },
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
      watcher = watchUsbSlots(slots, unlessScanning(onChange))
      watcher.on('empty', unlessScanning(onChange)) // a folder without a battery file is an alert too
    },
    stop() {
      watcher?.close()
    },
  }
}
