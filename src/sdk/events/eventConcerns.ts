/** What a device follows on the chain: its account, the batteries in its USB slots, its unit. */
export type EventSubject = {
  account?: string
  batteries?: ReadonlySet<number>
  unit?: number
}

/** Batteries one event stream may follow: a station's whole stock, in a URL well under Node's 16 KiB of headers. */
export const MAX_STREAM_BATTERIES = 1024

/** Event arguments that name an account (AccountRegistered, swaps, E-coin and battery transfers). */
export const ACCOUNT_ARGS = ['account', 'evOwner', 'operator', 'from', 'to'] as const
/** Event arguments that name a battery (battery events, SwapRequested). */
export const BATTERY_ARGS = ['batteryId', 'evBatteryId', 'stationBatteryId'] as const
/** Event arguments that name a station's unit (SwapRequested). */
export const UNIT_ARGS = ['stationUnit'] as const

/**
 * Whether a contract event concerns a device: one of its account arguments is the device's account, one
 * of its battery arguments is one of the device's batteries, or its station unit is the device's unit.
 * The station filters its event stream with it (`GET /api/events?account=&battery=&unit=`) and the device
 * filters again with the same rule, so both agree on what a device reacts to.
 *
 * Swap decisions (SwapApproved, SwapDenied, SwapCancelled) name only the swap and the deciding account; the
 * other party learns of them from the battery events (status changed, transferred) and E-coin transfers of
 * the same transaction, which name its batteries and its account.
 *
 * @example
 * eventConcerns({ batteryId: 7, energyWh: 5000 }, { batteries: new Set([7]) }) // true
 */
export function eventConcerns(args: Readonly<Record<string, unknown>>, s: EventSubject): boolean {
  if (s.account) {
    const me = s.account.toLowerCase()
    for (const k of ACCOUNT_ARGS) if (typeof args[k] === 'string' && (args[k] as string).toLowerCase() === me) return true
  }
  if (s.batteries?.size) {
    for (const k of BATTERY_ARGS) if (args[k] !== undefined && s.batteries.has(Number(args[k]))) return true
  }
  if (s.unit) {
    for (const k of UNIT_ARGS) if (args[k] !== undefined && Number(args[k]) === s.unit) return true
  }
  return false
}
