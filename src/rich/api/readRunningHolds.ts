import type { StoredHold } from './createHoldCache.js'

/** A battery held for an EV: nobody else may take or hold it before `until` (unix seconds). */
export type RunningHold = { batteryId: number; evUnit: number; until: number; fee: string }

/**
 * The holds still running on `batteryIds` at `nowSeconds`. A hold ends by time, with no event, so whether it
 * runs is decided here, at each read, not when it was stored.
 *
 * @example
 * await readRunningHolds(holdOf, [3, 4], Date.now() / 1000) // [{ batteryId: 3, evUnit: 1, ... }]
 */
export async function readRunningHolds(holdOf: (id: number) => Promise<StoredHold>, batteryIds: readonly number[], nowSeconds: number): Promise<RunningHold[]> {
  const holds = await Promise.all(batteryIds.map(async (batteryId) => ({ batteryId, h: await holdOf(batteryId) })))
  return holds.filter(({ h }) => h.until > nowSeconds).map(({ batteryId, h }) => ({ batteryId, evUnit: h.evUnit, until: h.until, fee: h.fee.toString() }))
}
