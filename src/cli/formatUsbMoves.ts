import { describeUnit } from '../sdk/units.js'
import type { UsbMove } from '../rich/neededUsbMoves.js'

/**
 * The banner's USB part: one copyable `npx evswap usb move` line per battery disk that must move, or a line
 * that says none must. `dir` is written as given, so the command works from where `evswap start` ran.
 *
 * @example
 * formatUsbMoves([{ folder: 'TOY-1', batteryId: 3, from: 'ev', to: 'station1', holder: 0x80000001 }], '.evswap/demo')
 * // 'Move these USB disks, the chain says they are held elsewhere:\n  npx evswap usb move TOY-1 ev station1 --dir .evswap/demo   (battery 3 → station 1)\n'
 */
export function formatUsbMoves(moves: readonly UsbMove[], dir: string): string {
  if (moves.length === 0) return 'All battery disks are where the chain says: no USB move is due.\n'
  const lines = moves.map((m) =>
    m.to === undefined
      ? `  battery ${m.batteryId} (${m.folder}, in ${m.from}) is held by ${describeUnit(m.holder)}, which is not part of this demo: take its disk out of ${m.from}`
      : `  npx evswap usb move ${m.folder} ${m.from} ${m.to} --dir ${dir}   (battery ${m.batteryId} → ${describeUnit(m.holder)})`,
  )
  return `Move ${moves.length === 1 ? 'this USB disk' : `these ${moves.length} USB disks`}; the chain says ${moves.length === 1 ? 'it is' : 'they are'} held elsewhere:\n${lines.join('\n')}\n`
}
