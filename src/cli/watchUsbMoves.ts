import type { DeviceAgent } from '../thin/agent/createDeviceAgent.js'
import { neededUsbMoves, type UsbMove } from '../rich/neededUsbMoves.js'

export type WatchUsbMovesParameters = {
  /** The demo's devices by their `evswap usb move` names. */
  agents: Record<string, DeviceAgent>
  /** Called with the new list each time it changes (not with the list at the start). */
  onChange: (moves: UsbMove[]) => void
  /**
   * How long after a state event the list is read, ms (default 300): an approval reaches the station and
   * the EV a moment apart, and the half-way list (one of the two moves) is not worth a banner.
   */
  settleMs?: number
}

/**
 * The USB moves that are due now, and a watch on the agents' 'state' events that calls `onChange` only when
 * the list changes (an approval makes two moves due, a move ends one), not on every battery read.
 *
 * @example
 * const watch = watchUsbMoves({ agents: { ev, station1, station2 }, onChange: (m) => print(formatUsbMoves(m, dir)) })
 * print(formatUsbMoves(watch.current(), dir))
 * watch.stop()
 */
export function watchUsbMoves({ agents, onChange, settleMs = 300 }: WatchUsbMovesParameters): { current(): UsbMove[]; stop(): void } {
  const current = () => neededUsbMoves(Object.entries(agents).map(([name, a]) => ({ name, unit: a.identity().unit, batteries: a.batteries() })))
  const keyOf = (moves: UsbMove[]) => JSON.stringify(moves)
  let last = keyOf(current())
  let timer: NodeJS.Timeout | undefined
  const report = () => {
    timer = undefined
    const moves = current()
    const key = keyOf(moves)
    if (key === last) return
    last = key
    onChange(moves)
  }
  // The list is read settleMs after the first event of a burst: late enough for both sides of a swap, and
  // never put off for ever by a device whose state keeps changing.
  const onState = () => {
    timer ??= setTimeout(report, settleMs)
  }
  for (const a of Object.values(agents)) a.events.on('state', onState)
  return {
    current,
    stop: () => {
      clearTimeout(timer)
      for (const a of Object.values(agents)) a.events.off('state', onState)
    },
  }
}
