import { fromChain, type BatteryModel } from '../../shared/battery'
import type { StationInfo } from '../../shared/types'

/** What a station offers an EV now, and why the rest of its stock is not offered. */
export type StationOffer = { offered: BatteryModel[]; away: number; wornOut: number; unknown: boolean }

/**
 * The batteries of a station an EV may pick: held by the station on chain and with their USB disk in its
 * slots. `away` counts the ones whose disk is not there; `unknown` is true when the station did not answer.
 */
export function offeredAt(station: StationInfo): StationOffer {
  if (!Array.isArray(station.slots)) return { offered: [], away: 0, wornOut: 0, unknown: true }
  const inSlots = new Set(station.slots.map((x) => x.batteryId))
  const here = station.batteries.filter((b) => inSlots.has(b.id))
  // The chain refuses an exhausted battery as the station's side of a swap: it is not offered.
  const offered = here.filter((b) => !b.health?.exhausted)
  return { offered: offered.map((b) => fromChain(b)), away: station.batteries.length - here.length, wornOut: here.length - offered.length, unknown: false }
}
