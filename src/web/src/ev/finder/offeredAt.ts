import { fromChain, type BatteryModel } from '../../shared/battery'
import type { StationInfo } from '../../shared/types'

/** What a station offers an EV now, and why the rest of its stock is not offered. */
export type StationOffer = { offered: BatteryModel[]; away: number; wornOut: number; heldForOthers: number; unknown: boolean }

/**
 * The batteries of a station an EV may pick: held by the station on chain and with their USB disk in its
 * slots, and not held for another EV than `unit`. `away` counts the ones whose disk is not there; `unknown` is
 * true when the station did not answer.
 */
export function offeredAt(station: StationInfo, unit: number): StationOffer {
  if (!Array.isArray(station.slots)) return { offered: [], away: 0, wornOut: 0, heldForOthers: 0, unknown: true }
  const inSlots = new Set(station.slots.map((x) => x.batteryId))
  const here = station.batteries.filter((b) => inSlots.has(b.id))
  // The chain refuses an exhausted battery as the station's side of a swap: it is not offered.
  const healthy = here.filter((b) => !b.health?.exhausted)
  // Nor one held for another EV: its request would be refused until the hold ends.
  const now = Date.now() / 1000
  const heldElsewhere = new Set((station.holds ?? []).filter((h) => h.evUnit !== unit && h.until > now).map((h) => h.batteryId))
  const offered = healthy.filter((b) => !heldElsewhere.has(b.id))
  return { offered: offered.map((b) => fromChain(b)), away: station.batteries.length - here.length, wornOut: here.length - healthy.length, heldForOthers: healthy.length - offered.length, unknown: false }
}
