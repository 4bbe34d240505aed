import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { BATTERY_FILE_NAME } from './batteryRecord.js'

/** A battery found in a USB slot: its folder (the simulated USB disk) and the battery file inside it. */
export type UsbBattery = {
  /** The configured slot path it was found under. */
  slot: string
  /** The battery's folder: the slot itself, or an immediate subfolder of it. */
  folder: string
  /** `<folder>/battery information.json`. */
  file: string
}

/**
 * Lists the batteries in the configured USB slots. A slot that directly holds `battery information.json`
 * is one battery (a real USB disk mounted at e.g. /media/usb0); otherwise each immediate subfolder of the
 * slot that holds the file is one (a simulated disk is a folder moved in or out). Slots that do not exist
 * or cannot be read are skipped, since an empty slot is normal; names starting with a dot (lost+found
 * aside, `.Trashes` and the like) are skipped too. Sorted by folder. Synchronous: a few directory reads.
 *
 * @example
 * scanUsbSlots(['/media/usb0', '/srv/evswap/slots'])
 * // [{ slot: '/media/usb0', folder: '/media/usb0', file: '/media/usb0/battery information.json' }]
 */
export function scanUsbSlots(slots: readonly string[]): UsbBattery[] {
  const found = new Map<string, UsbBattery>()
  for (const slot of slots) {
    const direct = join(slot, BATTERY_FILE_NAME)
    if (isFile(direct)) {
      if (!found.has(slot)) found.set(slot, { slot, folder: slot, file: direct })
      continue
    }
    for (const name of listFolder(slot)) {
      if (name.startsWith('.')) continue
      const folder = join(slot, name)
      const file = join(folder, BATTERY_FILE_NAME)
      if (!found.has(folder) && isFile(file)) found.set(folder, { slot, folder, file })
    }
  }
  return [...found.values()].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0))
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function listFolder(path: string): string[] {
  try {
    return readdirSync(path)
  } catch {
    return []
  }
}
