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

/** What the USB slots hold: batteries, and battery folders that hold no battery file. */
export type UsbFolders = {
  /** Sorted by folder. */
  batteries: UsbBattery[]
  /** Immediate subfolders of a slot without `battery information.json` (an empty or half-copied disk). Sorted. */
  empty: { slot: string; folder: string }[]
}

/**
 * Looks through the configured USB slots. A slot that directly holds `battery information.json` is one
 * battery (a real USB disk mounted at e.g. /media/usb0); otherwise each immediate subfolder of the slot is a
 * disk (a simulated disk is a folder moved in or out): a battery if it holds the file, `empty` if not. Slots
 * that do not exist or cannot be read are skipped, since an empty slot is normal; names starting with a dot
 * (`.Trashes` and the like, and atomic-write temp files) are skipped too. Synchronous: a few directory reads.
 *
 * @example
 * scanUsbFolders(['/srv/evswap/slots'])
 * // { batteries: [{ slot, folder: '/srv/evswap/slots/TOY-1', file: '.../TOY-1/battery information.json' }], empty: [] }
 */
export function scanUsbFolders(slots: readonly string[]): UsbFolders {
  const found = new Map<string, UsbBattery>()
  const empty = new Map<string, { slot: string; folder: string }>()
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
      if (found.has(folder)) continue
      if (isFile(file)) found.set(folder, { slot, folder, file })
      else if (isFolder(folder)) empty.set(folder, { slot, folder })
    }
  }
  for (const folder of found.keys()) empty.delete(folder) // also listed as a slot of its own
  return { batteries: sortByFolder([...found.values()]), empty: sortByFolder([...empty.values()]) }
}

function sortByFolder<T extends { folder: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0))
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
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
