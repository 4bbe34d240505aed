import { scanUsbFolders, type UsbBattery } from './scanUsbFolders.js'

export type { UsbBattery } from './scanUsbFolders.js'

/**
 * Lists the batteries in the configured USB slots (see `scanUsbFolders` for the layout; folders without a
 * battery file are left out here, and listed by `scanUsbFolders`). Sorted by folder.
 *
 * @example
 * scanUsbSlots(['/media/usb0', '/srv/evswap/slots'])
 * // [{ slot: '/media/usb0', folder: '/media/usb0', file: '/media/usb0/battery information.json' }]
 */
export function scanUsbSlots(slots: readonly string[]): UsbBattery[] {
  return scanUsbFolders(slots).batteries
}
