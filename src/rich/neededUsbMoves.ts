import { basename } from 'node:path'
import type { DeviceBattery } from '../thin/agent/createDeviceAgent.js'

/** One device of the demo as the banner sees it: its name in `evswap usb move`, its unit, its batteries. */
export type UsbMoveDevice = { name: string; unit: number; batteries: readonly Pick<DeviceBattery, 'folder' | 'batteryId' | 'chain'>[] }

/** A battery disk that sits in one device's USB folder while the chain says it is held by another unit. */
export type UsbMove = {
  /** The battery folder's name, e.g. TOY-1. */
  folder: string
  batteryId: number
  /** The device whose USB folder holds it now. */
  from: string
  /** The device that holds it on chain; undefined when that unit is none of the given devices. */
  to: string | undefined
  /** The unit that holds it on chain (EV id, or 0x80000000 | station id). */
  holder: number
}

/**
 * The USB moves that are due: every registered battery whose chain holder differs from the device whose
 * USB folder it sits in, with the device it must go to. Pure: computed from what the devices last read, so
 * the banner says what is true now, not what the Fig. 7 story expects.
 *
 * @example
 * neededUsbMoves([{ name: 'ev', unit: 1, batteries: evAgent.batteries() }, { name: 'station1', unit: 0x80000001, batteries: … }])
 * // [{ folder: 'TOY-1', batteryId: 3, from: 'ev', to: 'station1', holder: 0x80000001 }]
 */
export function neededUsbMoves(devices: readonly UsbMoveDevice[]): UsbMove[] {
  const byUnit = new Map(devices.map((d) => [d.unit, d.name]))
  const moves: UsbMove[] = []
  for (const d of devices) {
    for (const b of d.batteries) {
      const holder = b.chain?.dynamicInfo.holder
      if (b.batteryId === null || holder === undefined || holder === d.unit) continue
      moves.push({ folder: basename(b.folder), batteryId: b.batteryId, from: d.name, to: byUnit.get(holder), holder })
    }
  }
  return moves.sort((a, b) => a.batteryId - b.batteryId)
}
